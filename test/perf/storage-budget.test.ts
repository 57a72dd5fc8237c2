// Storage operations per call, the unit Cloudflare bills: a free authenticated call costs at
// most one D1 query and one KV read on its hot path; a charge is one D1 batch.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { connectWithOAuth, MCP_URL, provision } from '../helpers';

interface Counts {
  d1Queries: number;
  d1Batches: number;
  kvReads: number;
  kvWrites: number;
}

/** The Worker's env with D1 and KV wrapped so that every storage operation is counted. */
function countingEnv(): { env: typeof env; counts: Counts } {
  const counts: Counts = { d1Queries: 0, d1Batches: 0, kvReads: 0, kvWrites: 0 };
  const countStatement = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'bind') {
          return (...args: unknown[]) => countStatement(value.apply(target, args));
        }
        if (['first', 'all', 'run', 'raw'].includes(String(prop))) {
          return (...args: unknown[]) => {
            counts.d1Queries += 1;
            return value.apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
  const db = new Proxy(env.DB, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'prepare') return (sql: string) => countStatement(target.prepare(sql));
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          counts.d1Batches += 1;
          return target.batch(statements);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const kv = new Proxy(env.OAUTH_KV, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'get' || prop === 'getWithMetadata' || prop === 'list') {
        return (...args: unknown[]) => {
          counts.kvReads += 1;
          return value.apply(target, args);
        };
      }
      if (prop === 'put' || prop === 'delete') {
        return (...args: unknown[]) => {
          counts.kvWrites += 1;
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return { env: { ...env, DB: db, OAUTH_KV: kv }, counts };
}

async function countCall(token: string, name: string, args: unknown = {}) {
  const { env: counted, counts } = countingEnv();
  const request = new Request(MCP_URL, {
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
  });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, counted as never, ctx);
  const body = await response.json<{ result: { isError?: boolean } }>();
  // Deferred work (the coarse "last used" stamps) runs after the answer: not the hot path.
  const hotPath = { ...counts };
  await waitOnExecutionContext(ctx);
  return { status: response.status, result: body.result, hotPath };
}

describe('storage operations per call', () => {
  it('costs one D1 query and no KV read for a free call with an API key', async () => {
    const owner = await provision();
    await countCall(owner.api_key, 'polis_account'); // first use stamps "last used" (deferred)
    const { status, result, hotPath } = await countCall(owner.api_key, 'polis_estimate', {
      content_type: 'tweet',
      content: 'hello',
    });
    expect(status).toBe(200);
    expect(result.isError).toBeFalsy();
    expect(hotPath).toEqual({ d1Queries: 1, d1Batches: 0, kvReads: 0, kvWrites: 0 });
  });

  it('costs polis_account the one query too: its subscription comes with the account', async () => {
    const owner = await provision();
    await countCall(owner.api_key, 'polis_account');
    const { hotPath } = await countCall(owner.api_key, 'polis_account');
    expect(hotPath).toEqual({ d1Queries: 1, d1Batches: 0, kvReads: 0, kvWrites: 0 });
  });

  it('costs one D1 query and one KV read for a free call with an OAuth token', async () => {
    const owner = await provision();
    const { tokens } = await connectWithOAuth(owner.api_key);
    await countCall(tokens.access_token, 'polis_account');
    const { status, hotPath } = await countCall(tokens.access_token, 'polis_estimate', {
      content_type: 'tweet',
      content: 'hello',
    });
    expect(status).toBe(200);
    expect(hotPath).toEqual({ d1Queries: 1, d1Batches: 0, kvReads: 1, kvWrites: 0 });
  });

  it('charges a polis_test in one D1 batch, after the one query that authenticates', async () => {
    const owner = await provision();
    await countCall(owner.api_key, 'polis_account');
    const { result, hotPath } = await countCall(owner.api_key, 'polis_test', {
      content_type: 'tweet',
      content: 'hello there, world',
      persona_count: 10,
      detail: 'snapshot',
    });
    expect(result.isError).toBeFalsy();
    expect(hotPath).toEqual({ d1Queries: 1, d1Batches: 1, kvReads: 0, kvWrites: 0 });
  });
});
