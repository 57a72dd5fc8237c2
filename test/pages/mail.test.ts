// Delivering sign-in codes: the MIME message sent through the EMAIL binding, and the log line
// used when no binding is configured.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { codeMessage, deliverCode, senderAddress } from '../../src/auth/mailer';
import type { Env } from '../../src/env';

afterEach(() => {
  vi.restoreAllMocks();
});

const MAIL = { to: 'alice@example.com', code: '042917', origin: 'https://polis.example' };

describe('the sign-in email', () => {
  it('is a plain-text RFC 5322 message with the headers Email Service requires', () => {
    const raw = codeMessage(MAIL, 'Polis <sign-in@polis.example>', new Date(Date.UTC(2026, 0, 2)));
    const [head, body] = raw.split('\r\n\r\n');
    const headers = head!.split('\r\n');
    expect(headers).toContain('From: Polis <sign-in@polis.example>');
    expect(headers).toContain('To: alice@example.com');
    expect(headers).toContain('Subject: Your Polis sign-in code');
    expect(headers).toContain('Date: Fri, 02 Jan 2026 00:00:00 GMT');
    expect(headers).toContain('MIME-Version: 1.0');
    expect(headers).toContain('Content-Type: text/plain; charset=utf-8');
    expect(headers.find((line) => line.startsWith('Message-ID: '))).toMatch(
      /^Message-ID: <[0-9A-Za-z]+@polis\.example>$/,
    );
    expect(body).toContain('Your Polis sign-in code is 042917');
    expect(head).not.toContain('042917');
    expect(raw).not.toMatch(/[^\r]\n/); // CRLF only
    expect(/^[\x00-\x7f]*$/.test(raw)).toBe(true); // 7bit
  });

  it('takes the bare sender address out of MAIL_FROM and refuses a bad one', () => {
    expect(senderAddress('Polis <sign-in@polis.example>')).toBe('sign-in@polis.example');
    expect(senderAddress('sign-in@polis.example')).toBe('sign-in@polis.example');
    expect(senderAddress(undefined)).toBeNull();
    expect(senderAddress('Polis <a@b.c>\r\nBcc: x@y.z')).toBeNull();
    expect(senderAddress('nobody')).toBeNull();
  });

  it('goes through the EMAIL binding when there is one, and nothing is logged', async () => {
    const send = vi.fn(async () => ({ messageId: 'x' }));
    const log = vi.spyOn(console, 'log');
    const env = { EMAIL: { send }, MAIL_FROM: 'Polis <sign-in@polis.example>' } as unknown as Env;
    await deliverCode(env, MAIL);
    expect(send).toHaveBeenCalledTimes(1);
    const message = (send.mock.calls[0] as unknown[])[0] as { from: string; to: string };
    expect(message.from).toBe('sign-in@polis.example');
    expect(message.to).toBe('alice@example.com');
    expect(log.mock.calls.flat().join('\n')).not.toContain('042917');
  });

  it('refuses to send with the binding but no sender', async () => {
    const env = { EMAIL: { send: vi.fn() } } as unknown as Env;
    await expect(deliverCode(env, MAIL)).rejects.toThrow('MAIL_FROM');
  });

  it('is one log line with the email and the code when there is no binding', async () => {
    const log = vi.spyOn(console, 'log');
    await deliverCode({} as Env, MAIL);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toBe(
      '{"event":"sign_in.code","email":"alice@example.com","code":"042917"}',
    );
  });
});
