// A stand-in for Stripe's API and webhooks, for the workerd tests. The Worker under test runs in
// the tests' isolate, so replacing the global fetch for the stand-in's host (and only it)
// catches exactly what the official SDK sends: method, path, headers and form fields. The
// stand-in checks those like Stripe would and answers Stripe-shaped JSON. Webhook payloads are
// signed here the way Stripe signs them, independently of the SDK that verifies them.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { expect, vi } from 'vitest';
import worker from '../../src/index';
import type { Env } from '../../src/env';
import { ORIGIN } from '../helpers';

export const STRIPE_HOST = 'stripe.test';
export const STRIPE_ENV = {
  STRIPE_SECRET_KEY: 'sk_test_standin_0123456789',
  STRIPE_WEBHOOK_SECRET: 'whsec_standin_0123456789abcdef',
  STRIPE_API_BASE: `https://${STRIPE_HOST}`,
};
export const NO_STRIPE_ENV = {
  STRIPE_SECRET_KEY: undefined,
  STRIPE_WEBHOOK_SECRET: undefined,
  STRIPE_API_BASE: undefined,
};

/** Calls the Worker with Stripe configured (or with `overrides`), as the runtime would. */
export async function workerFetch(
  url: string,
  init: RequestInit = {},
  overrides: Partial<Env> = STRIPE_ENV,
): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(url.startsWith('/') ? `${ORIGIN}${url}` : url, init);
  const response = await worker.fetch(request, { ...env, ...overrides } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** tools/call over /api/mcp with an API key, through workerFetch. */
export async function callToolWith(
  token: string,
  name: string,
  args: unknown,
  overrides: Partial<Env> = STRIPE_ENV,
) {
  const response = await workerFetch(
    '/api/mcp',
    {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'MCP-Protocol-Version': '2025-11-25',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name, arguments: args },
      }),
    },
    overrides,
  );
  expect(response.status).toBe(200);
  const { result } = await response.json<{ result: any }>();
  return { isError: result.isError === true, data: result.structuredContent };
}

/** Signs in with an API key through the sign-in form; returns the Cookie header to send. */
export async function signInCookie(apiKey: string): Promise<string> {
  const response = await workerFetch('/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
    body: new URLSearchParams({ api_key: apiKey, return_to: '/app' }),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  return response.headers.get('Set-Cookie')!.split(';')[0]!;
}

// ---- the API stand-in --------------------------------------------------------------------

export interface SeenRequest {
  method: string;
  path: string;
  form: URLSearchParams;
  headers: Headers;
}

export interface StandinSubscription {
  id: string;
  customer: string;
  status: string;
  metadata: Record<string, string>;
  periodStart: number;
  periodEnd: number;
}

export class StripeStandin {
  readonly requests: SeenRequest[] = [];
  readonly customers = new Map<string, { email: string; metadata: Record<string, string> }>();
  readonly subscriptions = new Map<string, StandinSubscription>();
  /** While true, every call answers 500 (with Stripe's "do not retry" header). */
  down = false;
  private readonly idempotent = new Map<string, unknown>();

  /** Requests to one path, e.g. "POST /v1/checkout/sessions". */
  seen(route: string): SeenRequest[] {
    return this.requests.filter((request) => `${request.method} ${request.path}` === route);
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const raw = request.method === 'POST' ? await request.arrayBuffer() : new ArrayBuffer(0);
    const form = new URLSearchParams(new TextDecoder().decode(raw));
    this.requests.push({
      method: request.method,
      path: url.pathname,
      form,
      headers: request.headers,
    });

    if (request.headers.get('Authorization') !== `Bearer ${STRIPE_ENV.STRIPE_SECRET_KEY}`) {
      return stripeError(401, 'authentication_error', 'Invalid API Key provided: sk_test_****');
    }
    if (this.down) return stripeError(500, 'api_error', 'Something went wrong on our end.');
    if (request.method === 'POST' && request.headers.get('Content-Type') !== FORM_TYPE) {
      return stripeError(400, 'invalid_request_error', 'Bodies must be form-encoded.');
    }

    const route = `${request.method} ${url.pathname}`;
    if (route === 'POST /v1/customers') return this.createCustomer(request, form);
    if (route === 'POST /v1/checkout/sessions') return this.createSession(form);
    const subscription = /^GET \/v1\/subscriptions\/(sub_\w+)$/.exec(route);
    if (subscription) return this.retrieveSubscription(subscription[1]!);
    return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${route}).`);
  }

  private createCustomer(request: Request, form: URLSearchParams): Response {
    const key = request.headers.get('Idempotency-Key');
    if (key && this.idempotent.has(key)) return stripeJson(this.idempotent.get(key));
    const id = `cus_standin${nextId()}`;
    const customer = { email: form.get('email') ?? '', metadata: metadataOf(form, 'metadata') };
    this.customers.set(id, customer);
    const body = { id, object: 'customer', ...customer };
    if (key) this.idempotent.set(key, body);
    return stripeJson(body);
  }

  private createSession(form: URLSearchParams): Response {
    const mode = form.get('mode');
    if (mode !== 'payment' && mode !== 'subscription') {
      return stripeError(400, 'invalid_request_error', 'Invalid mode.', 'mode');
    }
    for (const field of [
      'line_items[0][price_data][currency]',
      'line_items[0][price_data][unit_amount]',
      'line_items[0][price_data][product_data][name]',
      'line_items[0][quantity]',
      'success_url',
      'cancel_url',
    ]) {
      if (!form.get(field)) {
        return stripeError(400, 'invalid_request_error', `Missing ${field}.`, field);
      }
    }
    const customer = form.get('customer');
    if (customer && !this.customers.has(customer)) {
      return stripeError(
        400,
        'invalid_request_error',
        `No such customer: '${customer}'`,
        'customer',
        'resource_missing',
      );
    }
    const id = `cs_test_standin${nextId()}`;
    return stripeJson({
      id,
      object: 'checkout.session',
      mode,
      customer,
      client_reference_id: form.get('client_reference_id'),
      metadata: metadataOf(form, 'metadata'),
      status: 'open',
      payment_status: 'unpaid',
      expires_at: Math.floor(Date.now() / 1000) + 24 * 3600,
      url: `https://checkout.${STRIPE_HOST}/c/pay/${id}`,
    });
  }

  private retrieveSubscription(id: string): Response {
    const subscription = this.subscriptions.get(id);
    if (!subscription) {
      return stripeError(404, 'invalid_request_error', `No such subscription: '${id}'`, 'id');
    }
    return stripeJson(subscriptionJson(subscription));
  }
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

// Ids stay unique across stand-ins: D1 keeps its rows for the whole test file.
const RUN = Math.random().toString(36).slice(2, 8);
let idCounter = 0;
function nextId(): string {
  idCounter += 1;
  return `${RUN}${idCounter}`;
}

function metadataOf(form: URLSearchParams, prefix: string): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of form) {
    const match = new RegExp(`^${prefix}\\[(\\w+)\\]$`).exec(name);
    if (match) metadata[match[1]!] = value;
  }
  return metadata;
}

function stripeJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Request-Id': 'req_standin', ...headers },
  });
}

function stripeError(
  status: number,
  type: string,
  message: string,
  param?: string,
  code?: string,
): Response {
  return stripeJson({ error: { type, message, param, code } }, status, {
    'Stripe-Should-Retry': 'false',
  });
}

/** Replaces the global fetch for the stand-in's host only; restore with the returned spy. */
export function installStandin(): StripeStandin {
  const standin = new StripeStandin();
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const request = new Request(input as RequestInfo, init);
    if (new URL(request.url).host === STRIPE_HOST) return standin.handle(request);
    return realFetch(input as RequestInfo, init);
  });
  return standin;
}

// ---- Stripe objects and signed events ----------------------------------------------------

let eventCounter = 0;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A subscription as Stripe's current API shapes it (the period on its items). */
export function subscriptionJson(subscription: StandinSubscription) {
  return {
    id: subscription.id,
    object: 'subscription',
    customer: subscription.customer,
    status: subscription.status,
    metadata: subscription.metadata,
    items: {
      object: 'list',
      data: [
        {
          id: `si_${subscription.id}`,
          object: 'subscription_item',
          current_period_start: subscription.periodStart,
          current_period_end: subscription.periodEnd,
        },
      ],
    },
  };
}

export function stripeEvent<T>(type: string, object: T, created = nowSeconds()) {
  eventCounter += 1;
  return {
    id: `evt_standin_${Date.now()}_${eventCounter}`,
    object: 'event',
    api_version: '2026-11-18.endive',
    created,
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message));
  return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export async function stripeSignature(
  body: string,
  options: { secret?: string; timestamp?: number } = {},
): Promise<string> {
  const timestamp = options.timestamp ?? nowSeconds();
  const secret = options.secret ?? STRIPE_ENV.STRIPE_WEBHOOK_SECRET;
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

/** POSTs an event to the webhook, signed unless `signature` says otherwise (null: no header). */
export async function deliver(
  event: unknown,
  options: { signature?: string | null; body?: string } = {},
): Promise<Response> {
  const body = options.body ?? JSON.stringify(event);
  const signature =
    options.signature === undefined ? await stripeSignature(body) : options.signature;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (signature !== null) headers['Stripe-Signature'] = signature;
  return workerFetch('/api/stripe/webhook', { method: 'POST', headers, body });
}

// ---- D1 probes ---------------------------------------------------------------------------

export async function ledgerRows(accountId: string, kind?: string) {
  const { results } = await env.DB.prepare(
    `SELECT kind, tokens, included_delta, purchased_delta, ref FROM ledger
      WHERE account_id = ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY id`,
  )
    .bind(accountId, kind ?? null)
    .all<{
      kind: string;
      tokens: number;
      included_delta: number;
      purchased_delta: number;
      ref: string | null;
    }>();
  return results;
}

export async function accountBilling(accountId: string) {
  return env.DB.prepare(
    `SELECT a.plan, b.included_remaining, b.purchased_remaining, b.overage_tokens,
            b.overage_cents, b.cap_cents
       FROM accounts a JOIN balances b ON b.account_id = a.id WHERE a.id = ?`,
  )
    .bind(accountId)
    .first<{
      plan: string;
      included_remaining: number;
      purchased_remaining: number;
      overage_tokens: number;
      overage_cents: number;
      cap_cents: number;
    }>();
}

/** The invariant of the ledger: for every balance column, the rows sum to the balance. */
export async function expectLedgerMatchesBalance(accountId: string): Promise<void> {
  const sums = await env.DB.prepare(
    `SELECT COALESCE(SUM(included_delta), 0) AS included_remaining,
            COALESCE(SUM(purchased_delta), 0) AS purchased_remaining,
            COALESCE(SUM(overage_tokens_delta), 0) AS overage_tokens,
            COALESCE(SUM(overage_cents_delta), 0) AS overage_cents
       FROM ledger WHERE account_id = ?`,
  )
    .bind(accountId)
    .first();
  const billing = (await accountBilling(accountId))!;
  expect(sums).toEqual({
    included_remaining: billing.included_remaining,
    purchased_remaining: billing.purchased_remaining,
    overage_tokens: billing.overage_tokens,
    overage_cents: billing.overage_cents,
  });
}

export async function countEvents(eventId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events WHERE event_id = ?')
    .bind(eventId)
    .first<{ n: number }>();
  return row!.n;
}
