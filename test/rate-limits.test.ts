// Rate limits (SPEC §3): per client address on provisioning, registration, authorization, token
// and sign-in; per account on /api/mcp. Each refusal is a 429 with Retry-After in its surface's
// error shape (a rate_limited tool error for tools/call). The suite runs with RATE_LIMITS=off,
// so these tests call the Worker with the limits on, each from its own address.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Env } from '../src/env';
import { clientAddress } from '../src/lib/rate-limit';
import worker from '../src/index';
import { MCP_URL, ORIGIN, provision, uniqueEmail } from './helpers';

const LIMITS_ON: Partial<Env> = { RATE_LIMITS: 'on' };

async function send(request: Request, overrides: Partial<Env> = LIMITS_ON): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...overrides } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

let addresses = 0;
/** A documentation address (RFC 5737) no other test uses. */
function freshAddress(): string {
  addresses += 1;
  return `198.51.100.${addresses}`;
}

/** The local limiter counts per wall-clock minute: start a flood well inside one. */
async function awayFromWindowEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute <= 50_000) return;
  await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

/** Sends `count` requests one after another; returns every response. */
async function flood(
  count: number,
  make: (i: number) => Request,
  overrides: Partial<Env> = LIMITS_ON,
): Promise<Response[]> {
  await awayFromWindowEdge();
  const responses: Response[] = [];
  for (let i = 0; i < count; i++) responses.push(await send(make(i), overrides));
  return responses;
}

function statuses(responses: Response[]): number[] {
  return responses.map((response) => response.status);
}

function expectRetryAfter(response: Response): void {
  expect(response.headers.get('Retry-After')).toBe('60');
}

async function expectOAuthRateLimited(response: Response): Promise<void> {
  expect(response.status).toBe(429);
  expectRetryAfter(response);
  expect(response.headers.get('Cache-Control')).toBe('no-store');
  expect(response.headers.get('Content-Type')).toContain('application/json');
  const body = await response.json<Record<string, unknown>>();
  expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
  expect(body.error).toBe('temporarily_unavailable');
  expect(body.error_description).toMatch(/retry after 60 seconds/);
}

async function expectPageRateLimited(response: Response): Promise<void> {
  expect(response.status).toBe(429);
  expectRetryAfter(response);
  expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  const page = await response.text();
  expect(page).toContain('<h1>Too many requests</h1>');
  expect(page).toContain('Wait a minute, then try again.');
}

async function expectJsonRateLimited(response: Response): Promise<void> {
  expect(response.status).toBe(429);
  expectRetryAfter(response);
  expect(response.headers.get('Cache-Control')).toBe('no-store');
  const body = await response.json<{ error: { code: string; message: string } }>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe('rate_limited');
  expect(body.error.message).toMatch(/^Too many provisioning requests from this address/);
}

function provisionRequest(address: string): Request {
  return new Request(`${ORIGIN}/api/provision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': address },
    body: JSON.stringify({ email: uniqueEmail('limits') }),
  });
}

describe('per-address limits', () => {
  it('answers the 11th provisioning from one address with a 429 rate_limited error', async () => {
    const address = freshAddress();
    const responses = await flood(11, () => provisionRequest(address));
    expect(statuses(responses)).toEqual([...Array(10).fill(201), 429]);
    await expectJsonRateLimited(responses[10]!);
  }, 30_000);

  it('limits GET /start on its own count, apart from provisioning', async () => {
    const address = freshAddress();
    const start = () =>
      new Request(`${ORIGIN}/start`, { headers: { 'CF-Connecting-IP': address } });
    const responses = await flood(11, start);
    expect(statuses(responses)).toEqual([...Array(10).fill(200), 429]);
    await expectJsonRateLimited(responses[10]!);
    // The installer's own POST still has its whole allowance.
    expect((await send(provisionRequest(address))).status).toBe(201);
  }, 30_000);

  it('counts each address separately', async () => {
    const first = freshAddress();
    const responses = await flood(11, () => provisionRequest(first));
    expect(responses[10]!.status).toBe(429);
    expect((await send(provisionRequest(freshAddress()))).status).toBe(201);
  }, 30_000);

  it('answers the 31st registration from one address with temporarily_unavailable', async () => {
    const address = freshAddress();
    const register = () =>
      new Request(`${ORIGIN}/api/oauth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': address },
        body: JSON.stringify({
          client_name: 'Flood',
          redirect_uris: ['https://client.example.com/callback'],
          token_endpoint_auth_method: 'none',
        }),
      });
    const responses = await flood(31, register);
    expect(statuses(responses)).toEqual([...Array(30).fill(201), 429]);
    await expectOAuthRateLimited(responses[30]!);
  }, 30_000);

  it('answers the 61st token request from one address with temporarily_unavailable', async () => {
    const address = freshAddress();
    const token = () =>
      new Request(`${ORIGIN}/api/oauth/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'CF-Connecting-IP': address,
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'a:b:c' }),
      });
    const responses = await flood(61, token);
    const codes = statuses(responses);
    expect(codes.slice(0, 60).every((status) => status === 400 || status === 401)).toBe(true);
    expect(codes[60]).toBe(429);
    await expectOAuthRateLimited(responses[60]!);
  }, 30_000);

  it('lets a browser client read the token refusal (CORS, Retry-After exposed)', async () => {
    const address = freshAddress();
    const token = () =>
      new Request(`${ORIGIN}/api/oauth/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'CF-Connecting-IP': address,
          Origin: 'https://app.example.com',
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'a:b:c' }),
      });
    const responses = await flood(61, token);
    const refused = responses[60]!;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBe('https://app.example.com');
    expect(refused.headers.get('Access-Control-Expose-Headers')).toContain('Retry-After');
  }, 30_000);

  it('never limits the preflight of the token endpoint', async () => {
    const address = freshAddress();
    const preflight = () =>
      new Request(`${ORIGIN}/api/oauth/token`, {
        method: 'OPTIONS',
        headers: { 'CF-Connecting-IP': address, Origin: 'https://app.example.com' },
      });
    const responses = await flood(61, preflight);
    expect(statuses(responses).every((status) => status === 204)).toBe(true);
  }, 30_000);

  it('answers the 61st authorization request from one address with a 429 page', async () => {
    const address = freshAddress();
    const responses = await flood(61, (i) => {
      const url = new URL(`${ORIGIN}/oauth/authorize`);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', `unknown-client-${i}`);
      return new Request(url, { headers: { 'CF-Connecting-IP': address } });
    });
    const codes = statuses(responses);
    expect(codes.slice(0, 60).every((status) => status !== 429)).toBe(true);
    expect(codes[60]).toBe(429);
    await expectPageRateLimited(responses[60]!);
  }, 30_000);

  it('counts GET and POST /oauth/authorize together', async () => {
    const address = freshAddress();
    const responses = await flood(61, (i) =>
      i % 2 === 0
        ? new Request(`${ORIGIN}/oauth/authorize`, { headers: { 'CF-Connecting-IP': address } })
        : new Request(`${ORIGIN}/oauth/authorize`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              'CF-Connecting-IP': address,
              Origin: ORIGIN,
            },
            body: new URLSearchParams({ handle: 'nothing', decision: 'deny' }),
          }),
    );
    expect(responses[60]!.status).toBe(429);
    await expectPageRateLimited(responses[60]!);
  }, 30_000);

  it('answers the 61st sign-in post from one address with a 429 page', async () => {
    const address = freshAddress();
    const responses = await flood(
      61,
      (i) =>
        new Request(`${ORIGIN}${i % 2 === 0 ? '/sign-in' : '/sign-in/email'}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            'CF-Connecting-IP': address,
            Origin: ORIGIN,
          },
          body: new URLSearchParams(
            i % 2 === 0 ? { api_key: 'sk_live_not_a_key' } : { email: 'not-an-email' },
          ),
        }),
    );
    const codes = statuses(responses);
    expect(codes.slice(0, 60).every((status) => status === 400 || status === 401)).toBe(true);
    expect(codes[60]).toBe(429);
    await expectPageRateLimited(responses[60]!);
  }, 30_000);

  it('does not limit the sign-in page itself', async () => {
    const address = freshAddress();
    const page = () =>
      new Request(`${ORIGIN}/sign-in`, { headers: { 'CF-Connecting-IP': address } });
    const responses = await flood(61, page);
    expect(statuses(responses).every((status) => status === 200)).toBe(true);
  }, 30_000);
});

describe('RATE_LIMITS=off', () => {
  it('turns every per-address limit off', async () => {
    const address = freshAddress();
    const off = { RATE_LIMITS: 'off' };
    expect(statuses(await flood(12, () => provisionRequest(address), off))).toEqual(
      Array(12).fill(201),
    );
    const token = () =>
      new Request(`${ORIGIN}/api/oauth/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'CF-Connecting-IP': address,
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'a:b:c' }),
      });
    const tokens = await flood(61, token, off);
    expect(statuses(tokens).includes(429)).toBe(false);
  }, 30_000);

  it('turns the per-account limit off', async () => {
    const owner = await provision();
    const limiter = countingLimiter(1);
    const off = { RATE_LIMITS: 'OFF', MCP_LIMITER: limiter };
    for (let i = 0; i < 3; i++) {
      expect((await send(mcpRequest(owner.api_key, 'tools/list'), off)).status).toBe(200);
    }
    expect(limiter.calls).toBe(0);
  });
});

describe('a limiter that cannot answer', () => {
  it('lets requests through when the binding is missing', async () => {
    const address = freshAddress();
    const responses = await flood(12, () => provisionRequest(address), {
      RATE_LIMITS: 'on',
      PROVISION_LIMITER: undefined,
    });
    expect(statuses(responses)).toEqual(Array(12).fill(201));
  }, 30_000);

  it('lets requests through when the limiter fails', async () => {
    const broken = {
      limit: () => Promise.reject(new Error('rate limiter unavailable')),
    } as unknown as RateLimit;
    const response = await send(provisionRequest(freshAddress()), {
      RATE_LIMITS: 'on',
      PROVISION_LIMITER: broken,
    });
    expect(response.status).toBe(201);
  });
});

describe('client addresses', () => {
  const at = (address?: string) => {
    const headers: Record<string, string> = address ? { 'CF-Connecting-IP': address } : {};
    return clientAddress(new Request(ORIGIN, { headers }));
  };

  it('counts an IPv4 client by its address', () => {
    expect(at('203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts IPv6 clients of one /64 together, however they write it', () => {
    expect(at('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(at('2001:0db8:0000:0001:ffff:0:0:2')).toBe('2001:db8:0:1::/64');
    expect(at('2001:DB8::1:2:3:4')).toBe('2001:db8:0:0::/64');
    expect(at('2001:db8:0:2::1')).not.toBe(at('2001:db8:0:1::1'));
  });

  it('counts requests without an address (local development) under one key', () => {
    expect(at()).toBe('local');
    expect(at('')).toBe('local');
  });
});

// ---- per account on /api/mcp -----------------------------------------------------------------

/** A stand-in limiter allowing `limit` calls per key, counting every call. */
function countingLimiter(limit: number): RateLimit & { calls: number; keys: string[] } {
  const counts = new Map<string, number>();
  const limiter = {
    calls: 0,
    keys: [] as string[],
    async limit({ key }: { key: string }) {
      limiter.calls += 1;
      limiter.keys.push(key);
      const used = counts.get(key) ?? 0;
      counts.set(key, used + 1);
      return { success: used < limit };
    },
  };
  return limiter;
}

let rpcId = 0;
function mcpRequest(token: string, method: string, params: unknown = {}): Request {
  rpcId += 1;
  return new Request(MCP_URL, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: rpcId, method, params }),
  });
}

async function ledgerCount(accountId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM ledger WHERE account_id = ?')
    .bind(accountId)
    .first<{ n: number }>();
  return row!.n;
}

describe('per-account limit on /api/mcp', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers a tools/call over it with a rate_limited tool error, charging nothing', async () => {
    const owner = await provision();
    const limits = { RATE_LIMITS: 'on', MCP_LIMITER: countingLimiter(1) };
    const first = await send(mcpRequest(owner.api_key, 'tools/list'), limits);
    expect(first.status).toBe(200);
    const entries = await ledgerCount(owner.account_id);

    const request = mcpRequest(owner.api_key, 'tools/call', {
      name: 'polis_test',
      arguments: { content_type: 'tweet', content: 'Shipping on Friday.', persona_count: 10 },
    });
    const id = rpcId;
    const refused = await send(request, limits);
    expect(refused.status).toBe(200);
    expectRetryAfter(refused);
    const body = await refused.json<{ id: number; result: any }>();
    expect(body.id).toBe(id);
    expect(body.result.isError).toBe(true);
    const payload = body.result.structuredContent;
    expect(payload.error).toEqual({
      code: 'rate_limited',
      message:
        'Too many requests for this account: the limit is counted per minute. ' +
        'Retry after 60 seconds.',
    });
    expect(payload.retry_after_seconds).toBe(60);
    expect(payload._usage.plan).toBe('trial');
    expect(JSON.parse(body.result.content[0].text)).toEqual(payload);
    expect(await ledgerCount(owner.account_id)).toBe(entries);
  });

  it('answers any other method over the limit with 429 and a JSON-RPC error', async () => {
    const owner = await provision();
    const limits = { RATE_LIMITS: 'on', MCP_LIMITER: countingLimiter(0) };
    const request = mcpRequest(owner.api_key, 'tools/list');
    const id = rpcId;
    const refused = await send(request, limits);
    expect(refused.status).toBe(429);
    expectRetryAfter(refused);
    expect(refused.headers.get('Content-Type')).toContain('application/json');
    const body = await refused.json<Record<string, any>>();
    expect(body).toEqual({
      jsonrpc: '2.0',
      id,
      error: {
        code: -32000,
        message:
          'Too many requests for this account: the limit is counted per minute. ' +
          'Retry after 60 seconds.',
      },
    });
  });

  it('answers a malformed body over the limit with 429 and a null id', async () => {
    const owner = await provision();
    const limits = { RATE_LIMITS: 'on', MCP_LIMITER: countingLimiter(0) };
    const request = new Request(MCP_URL, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${owner.api_key}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: '{"jsonrpc":',
    });
    const refused = await send(request, limits);
    expect(refused.status).toBe(429);
    expectRetryAfter(refused);
    expect((await refused.json<{ id: unknown }>()).id).toBeNull();
  });

  it('counts per account, keyed by the account id, after authentication', async () => {
    const [a, b] = await Promise.all([provision(), provision()]);
    const limiter = countingLimiter(1);
    const limits = { RATE_LIMITS: 'on', MCP_LIMITER: limiter };
    expect((await send(mcpRequest(a.api_key, 'tools/list'), limits)).status).toBe(200);
    expect((await send(mcpRequest(a.api_key, 'tools/list'), limits)).status).toBe(429);
    expect((await send(mcpRequest(b.api_key, 'tools/list'), limits)).status).toBe(200);
    // A request without a valid credential is refused before it is counted.
    expect((await send(mcpRequest('sk_live_nope', 'tools/list'), limits)).status).toBe(401);
    expect(limiter.keys).toEqual([a.account_id, a.account_id, b.account_id]);
  });

  it('allows 600 requests a minute to one account with the configured binding', async () => {
    await awayFromWindowEdge();
    const owner = await provision();
    const results: number[] = [];
    for (let round = 0; round < 12; round++) {
      const list = () => send(mcpRequest(owner.api_key, 'tools/list'));
      const batch = Array.from({ length: 50 }, list);
      results.push(...statuses(await Promise.all(batch)));
    }
    expect(results).toEqual(Array(600).fill(200));
    const refused = await send(mcpRequest(owner.api_key, 'tools/list'));
    expect(refused.status).toBe(429);
    expectRetryAfter(refused);
  }, 60_000);
});
