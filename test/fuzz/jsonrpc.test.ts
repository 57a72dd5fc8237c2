// Fuzzing /api/mcp with random and malformed JSON-RPC: random JSON values, broken JSON, wrong
// types for jsonrpc, method, params and id, huge ids, batches and deep nesting. Whatever
// arrives, the answer is never a 5xx, is JSON-RPC (or an empty 202 for a notification), and
// charges nothing.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  anyJson,
  expectLedgerUnchanged,
  fuzzAccount,
  mcpRequest,
  nastyString,
  RUNS,
  send,
  wrongKind,
  type FuzzAccount,
} from './support';

let account: FuzzAccount;
beforeAll(async () => {
  account = await fuzzAccount();
}, 30_000);

const METHODS = [
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'notifications/initialized',
  'notifications/cancelled',
  'resources/list',
  'prompts/list',
  'logging/setLevel',
  'completion/complete',
];
const TOOL_NAMES = [
  'polis_account',
  'polis_estimate',
  'polis_test',
  'polis_status',
  'polis_report',
  'polis_ask',
  'polis_thread',
  'polis_topup',
];

const id = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 0.5, -0),
  fc.constant(null),
  wrongKind,
);

const params = fc.oneof(
  anyJson,
  fc.record(
    {
      name: fc.oneof(fc.constantFrom(...TOOL_NAMES), nastyString, wrongKind),
      arguments: fc.oneof(anyJson, fc.constant({})),
      _meta: anyJson,
      protocolVersion: fc.constantFrom('2025-11-25', '2025-06-18', '1999-01-01'),
      capabilities: anyJson,
      clientInfo: anyJson,
    },
    { requiredKeys: [] },
  ),
);

/** Anything shaped like a message, most of it well-formed enough to reach the tools. */
const message = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      jsonrpc: fc.constant('2.0'),
      id: fc.oneof(fc.integer(), fc.string({ maxLength: 20 })),
      method: fc.constantFrom(...METHODS),
      params: fc.record(
        {
          name: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TOOL_NAMES) }, nastyString),
          arguments: fc.oneof(anyJson, fc.constant({})),
        },
        { requiredKeys: ['name'] },
      ),
    }),
  },
  fc.record(
    {
      jsonrpc: fc.oneof({ weight: 4, arbitrary: fc.constant('2.0') }, anyJson),
      id,
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...METHODS) },
        nastyString,
        wrongKind,
      ),
      params,
      result: anyJson,
      error: anyJson,
    },
    { requiredKeys: [] },
  ),
);

/** Bodies as text: well-formed messages, batches, any JSON, broken JSON, huge literals. */
const body = fc.oneof(
  { weight: 4, arbitrary: message.map((value) => JSON.stringify(value)) },
  fc.array(message, { maxLength: 4 }).map((value) => JSON.stringify(value)),
  anyJson.map((value) => JSON.stringify(value)),
  message.chain((value) => {
    const text = JSON.stringify(value);
    return fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut));
  }),
  fc.string({ maxLength: 60 }),
  fc
    .nat({ max: 3000 })
    .map((depth) => `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":${'['.repeat(depth)}`),
  fc.nat({ max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.constantFrom(
    '{"jsonrpc":"2.0","id":1e400,"method":"ping"}',
    `{"jsonrpc":"2.0","id":${'9'.repeat(400)},"method":"tools/list"}`,
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"polis_test","arguments":[]}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"__proto__"}}',
    '{"__proto__":{"method":"tools/call"},"jsonrpc":"2.0","id":1}',
    '{"jsonrpc":"2.0","id":{},"method":"tools/call","params":{"name":"polis_test","arguments":5}}',
    '{"jsonrpc":"2.0","id":[1],"method":"tools/call","params":{"name":"x","arguments":"a"}}',
    '',
    'null',
    '[]',
  ),
);

/** Asserts one JSON-RPC response object. */
function expectResponseObject(value: unknown): void {
  expect(value).toBeTypeOf('object');
  const response = value as Record<string, any>;
  expect(response.jsonrpc).toBe('2.0');
  // JSON-RPC 2.0 §5: the id is a string, a number, or null.
  expect(['string', 'number', 'object']).toContain(typeof response.id);
  if (typeof response.id === 'object') expect(response.id).toBeNull();
  expect('result' in response !== 'error' in response).toBe(true);
  if (response.error) {
    expect(Number.isInteger(response.error.code)).toBe(true);
    expect(response.error.message).toBeTypeOf('string');
  } else if (response.result?.isError) {
    // A tool error: never `internal` for input, always with _usage.
    const payload = response.result.structuredContent;
    expect(payload.error.code).not.toBe('internal');
    expect(payload._usage).toBeDefined();
  }
}

async function expectCleanAnswer(response: Response): Promise<void> {
  expect(response.status).toBeLessThan(500);
  const text = await response.text();
  if (text === '') {
    // A notification, or a refusal the SDK sends without a body.
    expect([202, 400, 405, 406, 415]).toContain(response.status);
    return;
  }
  expect(response.headers.get('Content-Type')).toContain('application/json');
  const parsed = JSON.parse(text) as unknown;
  if (Array.isArray(parsed)) parsed.forEach(expectResponseObject);
  else expectResponseObject(parsed);
}

describe('fuzzing JSON-RPC at /api/mcp', () => {
  it('answers any body with a JSON-RPC answer under 500 and charges nothing', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        await expectCleanAnswer(await send(mcpRequest(account.api_key, text)));
      }),
      { ...RUNS, numRuns: 150 },
    );
    await expectLedgerUnchanged(account);
  }, 60_000);

  it('answers with odd Accept and Content-Type headers under 500', async () => {
    const header = fc.oneof(
      fc.constantFrom(
        'application/json',
        'text/event-stream',
        'application/json, text/event-stream',
        '*/*',
        'text/plain',
        '',
      ),
      nastyString,
    );
    await fc.assert(
      fc.asyncProperty(header, header, body, async (accept, contentType, text) => {
        const headers: Record<string, string> = {};
        // Headers cannot carry every string; fall back to leaving the header out.
        if (/^[\t\x20-\x7e]*$/.test(accept)) headers.Accept = accept;
        if (/^[\t\x20-\x7e]*$/.test(contentType)) headers['Content-Type'] = contentType;
        const response = await send(mcpRequest(account.api_key, text, headers));
        expect(response.status).toBeLessThan(500);
        await response.arrayBuffer();
      }),
      RUNS,
    );
    await expectLedgerUnchanged(account);
  }, 60_000);
});
