// Faults: D1 or KV failing in the middle of a request. Every surface still answers in its own
// error shape with a request id (never the runtime's bare 500 or a stack), the failure is logged
// once, and no charge is left half-written: either the tool did its work and its charge stands,
// or the ledger and balance are exactly as before.
import { settleStalled, STALE_TURN_MS } from '../src/runs/stalled';
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Env } from '../src/env';
import worker from '../src/index';
import { TOOLS_BY_NAME } from '../src/mcp/tools';
import {
  callTool,
  connectWithOAuth,
  MCP_URL,
  ORIGIN,
  provision,
  uniqueEmail,
  type Provisioned,
} from './helpers';
import { expectBooksBalance, ledgerSnapshot, type LedgerSnapshot } from './ledger-probe';

const OUTAGE = 'D1_ERROR: simulated outage';

interface Fault {
  /**
   * The 1-based D1 operation that fails first, or "after-charge": the first operation after
   * the batch that writes a charge to the ledger.
   */
  failAt: number | 'after-charge';
  /** true: every operation from then on fails (an outage); false: only that one (a blip). */
  outage: boolean;
}

/** The charge batch of storage/ledger.ts: its first statement inserts a 'charge' row. */
function isChargeBatch(op: string): boolean {
  return op.startsWith('batch:') && op.includes('INSERT INTO ledger') && op.includes("'charge'");
}

/**
 * Counts D1 operations (each statement run, each batch) and fails the ones `fault` names. Each
 * operation is recorded with its SQL, so a test can say where the fault landed.
 */
function faultyDb(db: D1Database, fault: Fault): { db: D1Database; ops: string[] } {
  const ops: string[] = [];
  const sqlOf = new WeakMap<object, string>();
  let firstFailure = -1;
  const fails = () => {
    const n = ops.length;
    if (firstFailure < 0) {
      const afterCharge = n >= 2 && isChargeBatch(ops[n - 2]!);
      const due = fault.failAt === 'after-charge' ? afterCharge : n === fault.failAt;
      if (due) firstFailure = n;
    }
    return firstFailure > 0 && (n === firstFailure || (fault.outage && n > firstFailure));
  };
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'bind') return (...args: unknown[]) => wrap(value.apply(target, args), sql);
        if (['first', 'all', 'run', 'raw'].includes(String(prop))) {
          return (...args: unknown[]) => {
            ops.push(sql);
            return fails() ? Promise.reject(new Error(OUTAGE)) : value.apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
    sqlOf.set(proxy, sql.replace(/\s+/g, ' '));
    return proxy;
  };
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'prepare') return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          ops.push(`batch: ${statements.map((statement) => sqlOf.get(statement)).join('; ')}`);
          return fails() ? Promise.reject(new Error(OUTAGE)) : target.batch(statements);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, ops };
}

/** KV that fails every operation from the `failAt`-th on. */
function faultyKv(kv: KVNamespace, failAt: number): KVNamespace {
  let n = 0;
  return new Proxy(kv, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        n += 1;
        if (n >= failAt)
          return Promise.reject(new Error('KV GET failed: 500 Internal Server Error'));
        return value.apply(target, args);
      };
    },
  });
}

async function send(request: Request, overrides: Partial<Env>): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...overrides } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

function toolRequest(token: string, name: string, args: unknown): Request {
  return new Request(MCP_URL, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': '2025-11-25',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name, arguments: args },
    }),
  });
}

/** Error lines logged while `work` runs, parsed. */
async function errorLogs<T>(work: () => Promise<T>): Promise<{ value: T; errors: any[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const value = await work();
    return { value, errors: lines.map((line) => JSON.parse(line)) };
  } finally {
    spy.mockRestore();
  }
}

type McpOutcome =
  { kind: 'tool'; isError: boolean; data: any } | { kind: 'rpc_error'; requestId: string };

/** Reads an /api/mcp answer, asserting it is one of the clean shapes a fault may produce. */
async function readMcp(response: Response): Promise<McpOutcome> {
  expect(response.headers.get('Content-Type')).toContain('application/json');
  const text = await response.text();
  expect(text).not.toContain(OUTAGE);
  expect(text).not.toMatch(/\n\s+at /); // no stack
  const body = JSON.parse(text);
  if (response.status === 200) {
    expect(body.id).toBe(7);
    const data = body.result.structuredContent;
    expect(JSON.parse(body.result.content[0].text)).toEqual(data);
    return { kind: 'tool', isError: body.result.isError === true, data };
  }
  // A fault before any tool ran (the credential's lookup): a JSON-RPC internal error.
  expect(response.status).toBe(500);
  expect(body.error.code).toBe(-32603);
  expect(body.error.message).toBe(
    `Polis hit an unexpected error. Request id: ${body.error.data.request_id}`,
  );
  return { kind: 'rpc_error', requestId: body.error.data.request_id };
}

function expectInternalToolError(data: any): void {
  expect(data.error.code).toBe('internal');
  expect(data.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(data.error.message).toContain(`Request id: ${data.request_id}`);
  expect(data._usage).toBeDefined();
}

const TEST_ARGS = { content_type: 'tweet', content: 'We ship on Fridays.', persona_count: 10 };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('D1 failing during a charged call', () => {
  // Walks the failure through every D1 operation of polis_test, as a blip and as an outage.
  for (const outage of [false, true]) {
    for (let failAt = 1; failAt <= 5; failAt++) {
      const label = `${outage ? 'an outage from' : 'a failure of'} operation ${failAt}`;
      it(`answers cleanly and leaves no half-written charge after ${label}`, async () => {
        const owner = await provision();
        const before = await ledgerSnapshot(owner.account_id);
        const { db, ops } = faultyDb(env.DB, { failAt, outage });

        const { value: response, errors } = await errorLogs(() =>
          send(toolRequest(owner.api_key, 'polis_test', TEST_ARGS), { DB: db }),
        );
        const outcome = await readMcp(response);
        const after = await ledgerSnapshot(owner.account_id);

        if (outcome.kind === 'tool' && !outcome.isError) {
          // The charge happened before the fault: it stands, with its run.
          const runId = outcome.data.run_id as string;
          expect(after.entries.slice(before.entries.length)).toEqual([
            expect.objectContaining({
              kind: 'charge',
              tokens: -outcome.data.charge.tokens,
              ref: runId,
            }),
          ]);
          const run = await env.DB.prepare('SELECT id FROM runs WHERE id = ?').bind(runId).first();
          expect(run).not.toBeNull();
        } else {
          expect(after).toEqual(before);
          if (outcome.kind === 'tool') expectInternalToolError(outcome.data);
          const id = outcome.kind === 'tool' ? outcome.data.request_id : outcome.requestId;
          // Logged once, with the id the caller was given.
          expect(errors.filter((line) => line.request_id === id)).toHaveLength(1);
        }
        await expectBooksBalance(owner.account_id);
        expect(ops.length).toBeGreaterThan(0);
      });
    }
  }

  it('refuses nothing and charges once when D1 does not fail at all', async () => {
    const owner = await provision();
    const { db } = faultyDb(env.DB, { failAt: 1_000, outage: false });
    const outcome = await readMcp(
      await send(toolRequest(owner.api_key, 'polis_test', TEST_ARGS), { DB: db }),
    );
    expect(outcome).toMatchObject({ kind: 'tool', isError: false });
    await expectBooksBalance(owner.account_id);
  });
});

describe('a run whose Workflow cannot start', () => {
  const noWorkflows = {
    create: () => Promise.reject(new Error('workflows unavailable')),
  } as unknown as Env['RUNS'];

  it('is refunded and answered with an internal tool error', async () => {
    const owner = await provision();
    const before = await ledgerSnapshot(owner.account_id);
    const { value: response } = await errorLogs(() =>
      send(toolRequest(owner.api_key, 'polis_test', TEST_ARGS), { RUNS: noWorkflows }),
    );
    const outcome = await readMcp(response);
    expect(outcome).toMatchObject({ kind: 'tool', isError: true });
    expect((outcome as { data: any }).data.error.code).toBe('internal');
    const added = (await ledgerSnapshot(owner.account_id)).entries.slice(before.entries.length);
    expectNothingOrRefunded(added);
    await expectBooksBalance(owner.account_id);
  });

  // src/runs/start.ts refunds before it writes the run's status, so a failing status write
  // cannot keep the charge.
  it('is refunded even when marking the run failed hits a D1 failure', async () => {
    const owner = await provision();
    const before = await ledgerSnapshot(owner.account_id);
    const { db } = faultyDb(env.DB, { failAt: 'after-charge', outage: false });
    const { value: response } = await errorLogs(() =>
      send(toolRequest(owner.api_key, 'polis_test', TEST_ARGS), { DB: db, RUNS: noWorkflows }),
    );
    expect(await readMcp(response)).toMatchObject({ kind: 'tool', isError: true });
    const added = (await ledgerSnapshot(owner.account_id)).entries.slice(before.entries.length);
    expectNothingOrRefunded(added);
  });
});

/** A completed run of the account, and a persona of it to ask. */
async function completedRun(owner: Provisioned): Promise<{ runId: string; personaId: string }> {
  const started = await callTool(owner.api_key, 'polis_test', {
    ...TEST_ARGS,
    detail: 'snapshot',
  });
  const runId = started.data.run_id as string;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { data } = await callTool(owner.api_key, 'polis_status', { run_id: runId });
    if (data.status === 'complete') break;
    if (Date.now() > deadline) throw new Error(`run still ${data.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const report = await callTool(owner.api_key, 'polis_report', { run_id: runId });
  return { runId, personaId: report.data.sampleReactions[0].persona_id };
}

describe('D1 failing during a follow-up question', () => {
  const askArgs = (runId: string, personaId: string) => ({
    run_id: runId,
    target: 'persona',
    persona_id: personaId,
    question: 'What would make you share it?',
  });

  for (const outage of [false, true]) {
    for (let failAt = 1; failAt <= 9; failAt++) {
      const label = `${outage ? 'an outage from' : 'a failure of'} operation ${failAt}`;
      it(`leaves polis_ask charged only for an answer after ${label}`, async () => {
        const owner = await provision();
        const { runId, personaId } = await completedRun(owner);
        const before = await ledgerSnapshot(owner.account_id);
        const { db, ops } = faultyDb(env.DB, { failAt, outage });

        const { value: response } = await errorLogs(() =>
          send(toolRequest(owner.api_key, 'polis_ask', askArgs(runId, personaId)), { DB: db }),
        );
        const outcome = await readMcp(response);
        const { entries } = await ledgerSnapshot(owner.account_id);
        const added = entries.slice(before.entries.length);
        // An outage starting right after the charge is the known failure pinned below.
        if (outage && failAt >= 2 && isChargeBatch(ops[failAt - 2] ?? '')) return;

        if (outcome.kind === 'tool' && !outcome.isError) {
          expect(outcome.data.status).toBe('answered');
          expect(added.map((entry) => entry.kind)).toEqual(['charge']);
        } else {
          expectNothingOrRefunded(added);
        }
        await expectBooksBalance(owner.account_id);
      }, 30_000);
    }
  }

  // With D1 down for the rest of the request nothing can be refunded at once; the hourly sweep
  // (src/runs/stalled.ts) refunds the turn left pending.
  it('refunds, by the sweep, a follow-up whose answer went unrecorded with D1 down', async () => {
    const owner = await provision();
    const { runId, personaId } = await completedRun(owner);
    const before = await ledgerSnapshot(owner.account_id);
    const { db } = faultyDb(env.DB, { failAt: 'after-charge', outage: true });
    const { value: response } = await errorLogs(() =>
      send(toolRequest(owner.api_key, 'polis_ask', askArgs(runId, personaId)), { DB: db }),
    );
    expect(await readMcp(response)).toMatchObject({ kind: 'tool', isError: true });
    // D1 is back, and the hourly sweep runs: whatever was left behind must net to nothing.
    await settleStalled(env as never, Date.now() + STALE_TURN_MS + 60_000);
    const added = (await ledgerSnapshot(owner.account_id)).entries.slice(before.entries.length);
    expectNothingOrRefunded(added);
  }, 30_000);
});

/** Nothing charged, or charged and refunded: never a charge left without its answer. */
function expectNothingOrRefunded(added: LedgerSnapshot['entries']): void {
  const net = added.reduce((sum, entry) => sum + entry.tokens, 0);
  expect({ kinds: added.map((entry) => entry.kind), net }).toEqual(
    added.length === 0 ? { kinds: [], net: 0 } : { kinds: ['charge', 'refund'], net: 0 },
  );
}

describe('D1 failing during a free call', () => {
  it('answers polis_status with an internal tool error when its read fails', async () => {
    const owner = await provision();
    // Operation 1 is the API key's lookup; the tool's own read of the run comes after it.
    const { db } = faultyDb(env.DB, { failAt: 2, outage: true });
    const { value: response, errors } = await errorLogs(() =>
      send(toolRequest(owner.api_key, 'polis_status', { run_id: 'run_AAAAAAAAAAAAAAAAAAAA' }), {
        DB: db,
      }),
    );
    const outcome = await readMcp(response);
    expect(outcome).toMatchObject({ kind: 'tool', isError: true });
    const data = (outcome as { data: any }).data;
    expectInternalToolError(data);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      level: 'error',
      event: 'tool.failed',
      request_id: data.request_id,
      tool: 'polis_status',
      account_id: owner.account_id,
    });
  });

  it('answers a JSON-RPC internal error when the credential cannot be looked up', async () => {
    const owner = await provision();
    const { db } = faultyDb(env.DB, { failAt: 1, outage: true });
    const { value: response, errors } = await errorLogs(() =>
      send(toolRequest(owner.api_key, 'polis_account', {}), { DB: db }),
    );
    const outcome = await readMcp(response);
    expect(outcome.kind).toBe('rpc_error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      event: 'request.failed',
      path: '/api/mcp',
      request_id: (outcome as { requestId: string }).requestId,
    });
  });
});

describe('D1 failing under a JSON route', () => {
  it('answers provisioning with the JSON internal error and creates nothing', async () => {
    const email = uniqueEmail('fault');
    const request = () =>
      new Request(`${ORIGIN}/api/provision`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email }),
      });
    const { db } = faultyDb(env.DB, { failAt: 1, outage: true });
    const { value: response, errors } = await errorLogs(() => send(request(), { DB: db }));

    expect(response.status).toBe(500);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = await response.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('internal');
    const id = /Request id: ([0-9a-f-]{36})$/.exec(body.error.message)?.[1];
    expect(id).toBeDefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ event: 'request.failed', request_id: id });
    // Nothing was half-made: the same email provisions normally afterwards.
    expect((await send(request(), {})).status).toBe(201);
  });
});

describe('KV failing', () => {
  async function connected() {
    const owner: Provisioned = await provision();
    const { tokens, client } = await connectWithOAuth(owner.api_key);
    return { owner, client, access: tokens.access_token, refresh: tokens.refresh_token };
  }

  it('answers an OAuth-authenticated MCP call with a JSON-RPC internal error', async () => {
    const { access } = await connected();
    const { value: response, errors } = await errorLogs(() =>
      send(toolRequest(access, 'polis_account', {}), { OAUTH_KV: faultyKv(env.OAUTH_KV, 1) }),
    );
    const outcome = await readMcp(response);
    expect(outcome.kind).toBe('rpc_error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      event: 'request.failed',
      request_id: (outcome as { requestId: string }).requestId,
    });
  });

  for (let failAt = 1; failAt <= 4; failAt++) {
    it(`answers a refresh with OAuth JSON when KV fails at operation ${failAt}`, async () => {
      const { refresh, client } = await connected();
      const tokenRequest = () =>
        new Request(`${ORIGIN}/api/oauth/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: refresh,
            client_id: client.client_id,
          }),
        });
      const { value: response } = await errorLogs(() =>
        send(tokenRequest(), { OAUTH_KV: faultyKv(env.OAUTH_KV, failAt) }),
      );
      expect(response.headers.get('Cache-Control')).toContain('no-store');
      const text = await response.text();
      expect(text).not.toContain('KV GET failed');
      const body = JSON.parse(text);
      if (response.status === 200) {
        expect(body.access_token).toBeTypeOf('string');
      } else {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(body.error).toMatch(/^(server_error|temporarily_unavailable|invalid_grant)$/);
        expect(body.error_description).toBeTypeOf('string');
      }
    });
  }

  it('answers a registration with OAuth error JSON when KV cannot store the client', async () => {
    const register = new Request(`${ORIGIN}/api/oauth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Fault',
        redirect_uris: ['https://client.example.com/callback'],
        token_endpoint_auth_method: 'none',
      }),
    });
    const { value: response, errors } = await errorLogs(() =>
      send(register, { OAUTH_KV: faultyKv(env.OAUTH_KV, 1) }),
    );
    expect(response.status).toBe(500);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = await response.json<{ error: string; error_description: string }>();
    expect(body.error).toBe('server_error');
    expect(body.error_description).toMatch(/^Polis hit an unexpected error\. Request id: /);
    expect(errors).toHaveLength(1);
  });
});

describe('an unhandled exception in a tool', () => {
  it('becomes an internal tool error with a request id, logged once', async () => {
    const owner = await provision();
    const tool = TOOLS_BY_NAME.get('polis_status')!;
    vi.spyOn(tool, 'run').mockRejectedValue(new TypeError('cannot read properties of undefined'));

    const { value: response, errors } = await errorLogs(() =>
      send(toolRequest(owner.api_key, 'polis_status', { run_id: 'run_0123456789abcdef' }), {}),
    );
    const outcome = await readMcp(response);
    expect(outcome).toMatchObject({ kind: 'tool', isError: true });
    const data = (outcome as { data: any }).data;
    expectInternalToolError(data);
    expect(data.error.message).toBe(
      `Polis hit an unexpected error. Nothing was charged for it. Request id: ${data.request_id}`,
    );
    expect(JSON.stringify(data)).not.toContain('cannot read properties');
    expect(errors).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'tool.failed',
        request_id: data.request_id,
        tool: 'polis_status',
        error: 'TypeError: cannot read properties of undefined',
      }),
    ]);
  });

  it('leaves the account able to call the tool again', async () => {
    const owner = await provision();
    const tool = TOOLS_BY_NAME.get('polis_account')!;
    vi.spyOn(tool, 'run').mockRejectedValueOnce(new Error('boom'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failed = await callTool(owner.api_key, 'polis_account');
    expect(failed.data.error.code).toBe('internal');
    const again = await callTool(owner.api_key, 'polis_account');
    expect(again.isError).toBe(false);
  });
});
