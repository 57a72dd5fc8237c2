// The MCP Inspector's CLI (`@modelcontextprotocol/inspector --cli`, a client nobody on this team
// wrote) against the real dev server with a bearer API key: it lists the tools, calls the free
// ones, reports a tool error as one, and is refused with a wrong key. It runs under Node 22,
// the engine it declares (test/e2e/cli.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runNode22, stopClis, type CliResult } from './cli';
import { startDevServer, stopDevServers, type DevServer } from './server';

const PACKAGE = join(ROOT, 'node_modules/@modelcontextprotocol/inspector');
const bin = (
  JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  }
).bin['mcp-inspector']!;
const INSPECTOR = join(PACKAGE, bin);

let server: DevServer;
let apiKey: string;
const email = `inspector.${Date.now()}@example.com`;

beforeAll(async () => {
  server = await startDevServer();
  const response = await fetch(`${server.origin}/api/provision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(201);
  apiKey = ((await response.json()) as { api_key: string }).api_key;
});

afterAll(async () => {
  stopClis();
  await stopDevServers();
});

/** `inspector --cli <url> --transport http --header "Authorization: Bearer …" …args`. */
function inspector(args: string[], key = apiKey): Promise<CliResult> {
  return runNode22(INSPECTOR, [
    '--cli',
    `${server.origin}/api/mcp`,
    '--transport',
    'http',
    '--header',
    `Authorization: Bearer ${key}`,
    // Never start an interactive OAuth login: a refusal must fail the run at once.
    '--stored-auth-only',
    '--format',
    'json',
    ...args,
  ]);
}

function parsed<T>(run: CliResult): T {
  if (run.code !== 0) throw new Error(`inspector exited ${run.code}:\n${run.stderr}`);
  return (JSON.parse(run.stdout) as { result: T }).result;
}

interface ListedTool {
  name: string;
  description: string;
  inputSchema: { type: string; properties: Record<string, unknown>; required?: string[] };
  annotations?: { readOnlyHint?: boolean };
}

interface CallResult {
  isError?: boolean;
  structuredContent: Record<string, unknown>;
  content: { type: string; text: string }[];
}

describe('the MCP Inspector CLI with a bearer API key', () => {
  it('lists the eight Polis tools with their input schemas (tools/list)', async () => {
    const { tools } = parsed<{ tools: ListedTool[] }>(await inspector(['--method', 'tools/list']));
    expect(tools.map((tool) => tool.name)).toEqual([
      'polis_account',
      'polis_estimate',
      'polis_test',
      'polis_status',
      'polis_report',
      'polis_ask',
      'polis_thread',
      'polis_topup',
    ]);
    for (const tool of tools) {
      expect(tool.description.length).toBeGreaterThan(20);
      expect(tool.inputSchema.type).toBe('object');
    }
    const test = tools.find((tool) => tool.name === 'polis_test')!;
    expect(test.inputSchema.required).toEqual(['content_type']);
    expect(Object.keys(test.inputSchema.properties)).toContain('persona_count');
    const free = tools.filter((tool) => tool.annotations?.readOnlyHint).map((tool) => tool.name);
    expect(free).toEqual([
      'polis_account',
      'polis_estimate',
      'polis_status',
      'polis_report',
      'polis_thread',
    ]);
  });

  it('calls polis_account and shows the account behind the key', async () => {
    const result = parsed<CallResult>(
      await inspector(['--method', 'tools/call', '--tool-name', 'polis_account']),
    );
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      email,
      plan: 'trial',
      status: 'active',
      allowance_remaining: 1000,
      _usage: { plan: 'trial', included_remaining: 1000, purchased_remaining: 0 },
    });
    expect(JSON.parse(result.content[0]!.text)).toEqual(result.structuredContent);
  });

  it('passes typed arguments to polis_estimate and gets the exact price', async () => {
    const args = { content_type: 'tweet', content: 'Ship it.', persona_count: 50, detail: 'deep' };
    const result = parsed<CallResult>(
      await inspector([
        '--method',
        'tools/call',
        '--tool-name',
        'polis_estimate',
        '--tool-args-json',
        JSON.stringify(args),
      ]),
    );
    expect(result.structuredContent).toMatchObject({ tokens: 125, would_exceed_cap: false });
  });

  it('reports a tool error as an error, with Polis’s code and the field', async () => {
    const run = await inspector([
      '--method',
      'tools/call',
      '--tool-name',
      'polis_estimate',
      '--tool-args-json',
      JSON.stringify({ content_type: 'tweet', content: 'Ship it.', persona_count: 5 }),
    ]);
    expect(run.code).not.toBe(0);
    expect(JSON.parse(run.stderr.trim().split('\n').at(-1)!)).toMatchObject({
      error: { code: 'tool_is_error' },
    });
    const { result } = JSON.parse(run.stdout) as { result: CallResult };
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      error: { code: 'invalid_input', field: 'persona_count' },
      _usage: { included_remaining: 1000 },
    });
  });

  it('is refused with a wrong key, and lists nothing', async () => {
    const run = await inspector(['--method', 'tools/list'], `sk_live_${'x'.repeat(40)}`);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr.trim().split('\n').at(-1)!)).toMatchObject({
      error: { code: 'auth_required', message: expect.stringContaining('invalid_token') },
    });
  });
});
