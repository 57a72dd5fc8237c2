// Creating accounts: the account row, its first API key and the audit entry, written in one
// D1 batch so a failure leaves nothing half-made.
import { z } from 'zod';
import { mintApiKey } from '../auth/api-keys';
import { randomBase62 } from '../lib/crypto';
import { insertAccount, insertApiKey, type Account } from '../storage/accounts';
import { insertAudit } from '../storage/audit';
import { openingStatements } from '../storage/ledger';
import { TRIAL_TOKENS } from '../billing/catalogue';

export const emailSchema = z
  .string({ error: 'email is required' })
  .trim()
  .max(254, 'email is too long')
  .pipe(z.email({ error: 'email must be an email address' }))
  .transform((email) => email.toLowerCase());

export function newAccountId(): string {
  return `acct_${randomBase62(20)}`;
}

export interface CreatedAccount {
  account: Account;
  apiKey: string;
  apiKeyId: string;
}

/** Throws `EmailTakenError` when the email already has an account (the UNIQUE constraint). */
export async function createAccountWithKey(
  db: D1Database,
  email: string,
  via: string,
): Promise<CreatedAccount> {
  const now = Date.now();
  const account: Account = {
    id: newAccountId(),
    email,
    plan: 'trial',
    status: 'active',
    created_at: now,
  };
  const key = await mintApiKey();
  try {
    await db.batch([
      insertAccount(db, account),
      insertApiKey(db, {
        id: key.id,
        accountId: account.id,
        hash: key.hash,
        prefix: key.prefix,
        createdAt: now,
      }),
      ...openingStatements(db, account.id, TRIAL_TOKENS, now),
      insertAudit(db, { actor: via, action: 'account.create', target: account.id }, now),
    ]);
  } catch (error) {
    if (String(error).includes('UNIQUE constraint failed: accounts.email'))
      throw new EmailTakenError();
    throw error;
  }
  return { account, apiKey: key.key, apiKeyId: key.id };
}

export class EmailTakenError extends Error {
  constructor() {
    super('An account with this email already exists.');
  }
}
