// Stripe, from configuration: the secret key, the webhook signing secret, and the API base (a
// stand-in in tests). The official SDK on its fetch HTTP client and Web Crypto, so it runs in
// workerd. Failures of Stripe's API become one error type whose log line names the failed
// call; a key or a full email never reaches the log.
import Stripe from 'stripe';
import { z } from 'zod';
import { isLoopbackHost } from '../config';
import type { Env } from '../env';
import { log, maskEmail } from '../lib/log';
import { paymentsConfigured } from './payment-options';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

const apiBase = z
  .string()
  .default('https://api.stripe.com')
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a URL` });
      return z.NEVER;
    }
    const protocol = url.protocol === 'https:' ? 'https' : 'http';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      ctx.addIssue({ code: 'custom', message: 'must be https (http only for loopback hosts)' });
    }
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a bare origin like https://api.stripe.com',
      });
    }
    const port = url.port ? Number(url.port) : protocol === 'https' ? 443 : 80;
    return { host: url.hostname, port, protocol } as const;
  });

let cached: { key: string; settings: StripeSettings } | null = null;

/** The Stripe settings, or null while payments are not configured (local development). */
export function stripeSettings(env: Env): StripeSettings | null {
  if (!paymentsConfigured(env)) return null;
  const key = `${env.STRIPE_SECRET_KEY}|${env.STRIPE_WEBHOOK_SECRET}|${env.STRIPE_API_BASE ?? ''}`;
  if (cached?.key === key) return cached.settings;

  const base = apiBase.safeParse(env.STRIPE_API_BASE || undefined);
  if (!base.success) {
    const problem = base.error.issues[0]!.message;
    throw new Error(`Polis configuration is invalid. STRIPE_API_BASE: ${problem}`);
  }
  const settings: StripeSettings = {
    secretKey: env.STRIPE_SECRET_KEY!,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET!,
    ...base.data,
  };
  cached = { key, settings };
  return settings;
}

/**
 * A client per use: construction is cheap, and the fetch client then binds the global `fetch`
 * of the moment (the one the tests' stand-in replaces).
 */
export function stripeClient(settings: StripeSettings): Stripe {
  return new Stripe(settings.secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    host: settings.host,
    port: settings.port,
    protocol: settings.protocol,
    maxNetworkRetries: 2,
    timeout: 10_000,
    telemetry: false,
  });
}

const subtleCrypto = Stripe.createSubtleCryptoProvider();

/**
 * Checks the `Stripe-Signature` header against the raw body (HMAC-SHA256 with the endpoint's
 * secret, timestamp within Stripe's default five-minute tolerance) and returns the parsed event.
 * Throws when anything does not match.
 */
export async function verifyWebhook(
  settings: StripeSettings,
  payload: string,
  signature: string,
): Promise<unknown> {
  return Stripe.webhooks.constructEventAsync(
    payload,
    signature,
    settings.webhookSecret,
    undefined,
    subtleCrypto,
  );
}

/** Stripe's API failed or refused; nothing was charged. Callers turn it into a clean answer. */
export class PaymentProviderError extends Error {
  constructor(
    readonly operation: string,
    readonly stripeCode?: string,
    readonly stripeParam?: string,
  ) {
    super(`Stripe ${operation} failed`);
  }
}

/** Runs one Stripe call; any failure is logged once (without secrets) and rethrown as ours. */
export async function callStripe<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const details = error instanceof Stripe.errors.StripeError ? error : null;
    log('error', 'stripe.call_failed', {
      operation,
      type: details?.type ?? (error instanceof Error ? error.name : typeof error),
      code: details?.code,
      status: details?.statusCode,
      stripe_request_id: details?.requestId,
      message: redact(error instanceof Error ? error.message : String(error)),
    });
    throw new PaymentProviderError(operation, details?.code, details?.param);
  }
}

/** Stripe masks keys in its messages; this keeps any key or address that slips through out. */
function redact(text: string): string {
  return text
    .replace(/\b(sk|rk|whsec)_[A-Za-z0-9_]+/g, '$1_[redacted]')
    .replace(/[^\s@"']+@[^\s@"']+/g, (email) => maskEmail(email))
    .slice(0, 300);
}
