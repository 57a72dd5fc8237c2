// Fuzzing every tool's arguments: random values, random objects, and near-valid input built from
// each tool's own fields and the account's real ids. Whatever the arguments, the answer is a
// tool result (never a 5xx or a JSON-RPC error), an error has a stable code other than
// `internal`, invalid input names its field, every result carries _usage, and the account,
// which has a finished run and a thread but no tokens, is never charged.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  anyJson,
  expectLedgerUnchanged,
  fuzzAccount,
  mcpRequest,
  nastyString,
  nearly,
  nearlyObject,
  RUNS,
  send,
  type FuzzAccount,
} from './support';

let account: FuzzAccount;
beforeAll(async () => {
  account = await fuzzAccount();
}, 30_000);

/** Every code a tool may answer for bad, unknown or unaffordable input. */
const INPUT_ERRORS = new Set([
  'invalid_input',
  'not_found',
  'not_complete',
  'insufficient_tokens',
  'cap_exceeded',
  'payments_unavailable',
]);

const contentType = fc.constantFrom('text', 'tweet', 'linkedin', 'markdown', 'url');
const url = fc.oneof(
  fc.webUrl(),
  fc.constantFrom(
    'http://127.0.0.1/',
    'http://localhost:8787/api/mcp',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/',
    'http://10.0.0.1/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'HTTPS://EXAMPLE.COM',
    ' https://example.com',
    'https://user@example.com/',
  ),
);
const testArguments = () =>
  nearlyObject({
    content_type: nearly(contentType),
    content: nearly(fc.string({ minLength: 1, maxLength: 200 })),
    url: nearly(url),
    url_mode: nearly(fc.constantFrom('copy', 'visual')),
    audience: nearly(fc.string({ minLength: 1, maxLength: 60 })),
    persona_count: nearly(fc.oneof(fc.integer({ min: -5, max: 1200 }), fc.double())),
    detail: nearly(fc.constantFrom('snapshot', 'standard', 'deep')),
  });

function runIds(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(account.runId),
    fc.stringMatching(/^run_[0-9A-Za-z]{10,40}$/),
    fc.constant(account.runId.toUpperCase()),
  );
}

function threadIds(): fc.Arbitrary<string> {
  return fc.oneof(fc.constant(account.threadId), fc.stringMatching(/^thr_[0-9A-Za-z]{10,40}$/));
}

/** Arguments for each tool: anything at all, any object, or near-valid (most of the runs). */
function argumentsFor(tool: string): fc.Arbitrary<unknown> {
  const specific: Record<string, () => fc.Arbitrary<unknown>> = {
    polis_account: () => nearlyObject({}),
    polis_estimate: testArguments,
    polis_test: testArguments,
    polis_status: () => nearlyObject({ run_id: nearly(runIds()) }),
    polis_report: () => nearlyObject({ run_id: nearly(runIds()) }),
    polis_ask: () =>
      nearlyObject({
        run_id: nearly(runIds()),
        target: nearly(fc.constantFrom('persona', 'archetype', 'segment', 'panel')),
        persona_id: nearly(fc.constantFrom(...account.personaIds, 'p_0', 'persona-1')),
        archetype: nearly(fc.constantFrom(...account.archetypes, 'Nobody')),
        segment: nearly(fc.constantFrom(...account.segments, 'Nowhere')),
        question: nearly(fc.string({ minLength: 1, maxLength: 80 })),
        thread_id: nearly(threadIds()),
      }),
    polis_thread: () => nearlyObject({ thread_id: nearly(threadIds()) }),
    polis_topup: () => nearlyObject({ pack: nearly(fc.constantFrom('small', 'large', 'huge')) }),
  };
  return fc.oneof(
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.object({ maxDepth: 2 }) },
    { weight: 4, arbitrary: specific[tool]!() },
  );
}

let rpcId = 0;

async function callWith(tool: string, args: unknown) {
  rpcId += 1;
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: rpcId,
    method: 'tools/call',
    params: args === undefined ? { name: tool } : { name: tool, arguments: args },
  });
  const response = await send(mcpRequest(account.api_key, body));
  expect(response.status).toBe(200);
  const message = await response.json<{ id: number; result: any; error?: unknown }>();
  expect(message.error).toBeUndefined();
  expect(message.id).toBe(rpcId);
  return message.result as { isError?: boolean; structuredContent: any; content: any[] };
}

const TOOLS = [
  'polis_account',
  'polis_estimate',
  'polis_test',
  'polis_status',
  'polis_report',
  'polis_ask',
  'polis_thread',
  'polis_topup',
];

describe('fuzzing tool arguments', () => {
  for (const tool of TOOLS) {
    it(`answers ${tool} with a clean result for any arguments and charges nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(argumentsFor(tool), async (args) => {
          const result = await callWith(tool, args);
          const payload = result.structuredContent;
          expect(JSON.parse(result.content[0].text)).toEqual(payload);
          expect(payload._usage).toMatchObject({ included_remaining: 0, purchased_remaining: 0 });
          if (!result.isError) return;
          expect(INPUT_ERRORS).toContain(payload.error.code);
          expect(payload.error.message).toBeTypeOf('string');
          if (payload.error.code === 'invalid_input') {
            expect(payload.error.field).toBeTypeOf('string');
          }
        }),
        RUNS,
      );
      await expectLedgerUnchanged(account);
    }, 60_000);
  }

  it('refuses every spending tool for want of tokens when the input is valid', async () => {
    const spent = await callWith('polis_test', {
      content_type: 'tweet',
      content: 'hello',
      persona_count: 10,
    });
    expect(spent.structuredContent.error.code).toBe('insufficient_tokens');
    const asked = await callWith('polis_ask', {
      run_id: account.runId,
      target: 'panel',
      question: 'Why?',
    });
    expect(asked.structuredContent.error.code).toBe('insufficient_tokens');
    await expectLedgerUnchanged(account);
  });
});

describe('fuzzing tool names', () => {
  it('answers an unknown or odd tool name with a JSON-RPC error, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(nastyString, fc.option(anyJson), async (name, args) => {
        rpcId += 1;
        const body = JSON.stringify({
          jsonrpc: '2.0',
          id: rpcId,
          method: 'tools/call',
          params: { name, arguments: args ?? {} },
        });
        const response = await send(mcpRequest(account.api_key, body));
        expect(response.status).toBeLessThan(500);
        const message = await response.json<{ result?: any; error?: { code: number } }>();
        if (TOOLS.includes(name)) return;
        if (message.result) expect(message.result.structuredContent.error.field).toBe('arguments');
        else expect(message.error!.code).toBe(-32602);
      }),
      RUNS,
    );
    await expectLedgerUnchanged(account);
  }, 60_000);
});
