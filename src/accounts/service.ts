// Creating accounts: the account row, its trial tokens, its first API key (when asked) and the
// audit entry, written in one D1 batch so a failure leaves nothing half-made.
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
  const account = newAccount(email, now);
  const key = await mintApiKey();
  await writeAccount(db, [
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
  return { account, apiKey: key.key, apiKeyId: key.id };
}

/**
 * An account with its trial tokens and no API key: the first email sign-in of a person, who
 * creates keys in /app. Throws `EmailTakenError` like `createAccountWithKey`.
 */
export async function createAccount(db: D1Database, email: string, via: string): Promise<Account> {
  const now = Date.now();
  const account = newAccount(email, now);
  await writeAccount(db, [
    insertAccount(db, account),
    ...openingStatements(db, account.id, TRIAL_TOKENS, now),
    insertAudit(db, { actor: via, action: 'account.create', target: account.id }, now),
  ]);
  return account;
}

function newAccount(email: string, now: number): Account {
  return { id: newAccountId(), email, plan: 'trial', status: 'active', created_at: now };
}

async function writeAccount(db: D1Database, statements: D1PreparedStatement[]): Promise<void> {
  try {
    await db.batch(statements);
  } catch (error) {
    if (String(error).includes('UNIQUE constraint failed: accounts.email'))
      throw new EmailTakenError();
    throw error;
  }
}

export class EmailTakenError extends Error {
  constructor() {
    super('An account with this email already exists.');
  }
}
