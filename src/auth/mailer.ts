// Delivering sign-in codes. Production: Cloudflare Email Service through the `send_email`
// binding EMAIL, from MAIL_FROM. Local development (no binding): one log line with the email
// and the code, the log being the local mailbox; the one deliberate exception to redaction.
import { EmailMessage } from 'cloudflare:email';
import type { Env } from '../env';
import { randomBase62 } from '../lib/crypto';

export class MailNotConfiguredError extends Error {
  constructor() {
    super('The EMAIL binding is configured but MAIL_FROM is not a valid sender');
  }
}

export interface CodeMail {
  to: string;
  code: string;
  /** Where the person signs in, for the message body. */
  origin: string;
}

/** "Polis <sign-in@polis.sh>" or "sign-in@polis.sh" -> the bare address, or null if invalid. */
export function senderAddress(mailFrom: string | undefined): string | null {
  if (!mailFrom || /[\r\n]/.test(mailFrom)) return null;
  const address = (/<([^<>\s]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom).trim();
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address) ? address : null;
}

/**
 * The raw RFC 5322 message: ASCII only, CRLF line ends, the headers Email Service requires
 * (From, To, Subject, Date, Message-ID). Addresses were validated, so no header injection.
 */
export function codeMessage(mail: CodeMail, from: string, now = new Date()): string {
  const address = senderAddress(from);
  if (!address) throw new MailNotConfiguredError();
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const headers = [
    `From: ${from.trim()}`,
    `To: ${mail.to}`,
    'Subject: Your Polis sign-in code',
    `Date: ${now.toUTCString()}`,
    `Message-ID: <${randomBase62(24)}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    'Auto-Submitted: auto-generated',
  ];
  const body = [
    `Your Polis sign-in code is ${mail.code}`,
    '',
    'Enter it on the sign-in page. It works once, for 10 minutes.',
    '',
    'If you did not ask for this code, ignore this email: nobody can sign in without it.',
    '',
    `-- Polis, ${mail.origin}`,
  ];
  return [...headers, '', ...body, ''].join('\r\n');
}

/** Sends the code by email, or, with no EMAIL binding, writes it to the log. */
export async function deliverCode(env: Env, mail: CodeMail): Promise<void> {
  if (!env.EMAIL) {
    console.log(JSON.stringify({ event: 'sign_in.code', email: mail.to, code: mail.code }));
    return;
  }
  const from = senderAddress(env.MAIL_FROM);
  if (!from) throw new MailNotConfiguredError();
  const raw = codeMessage(mail, env.MAIL_FROM!);
  await env.EMAIL.send(new EmailMessage(from, mail.to, raw));
}
