// The MCP conformance suite (`@modelcontextprotocol/conformance server`) against the real dev
// server, under Node 22 (its CLI needs it; test/e2e/cli.ts). Which scenarios run and which are
// left out, with why, is in conformance-baseline.json. The suite cannot send a bearer, so it
// reaches Polis through a loopback proxy that adds the API key (test/e2e/bearer-proxy.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBearerProxy, type BearerProxy } from './bearer-proxy';
import { ROOT, runNode22, stopClis } from './cli';
import { freePort, startDevServer, stopDevServers, type DevServer } from './server';

const CONFORMANCE = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');

interface Baseline {
  conformance_version: string;
  run: Record<string, string>;
  excluded: Record<string, string>;
}
const baseline = JSON.parse(
  readFileSync(new URL('./conformance-baseline.json', import.meta.url), 'utf8'),
) as Baseline;

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | string;
  errorMessage?: string;
}

let server: DevServer;
let proxy: BearerProxy;
const results = mkdtempSync(join(tmpdir(), 'polis-conformance-'));

beforeAll(async () => {
  const port = await freePort();
  // To the suite the proxy is the server, so its origin is allowed like the public origin.
  server = await startDevServer({ ALLOWED_ORIGINS: `http://localhost:${port}` });
  const response = await fetch(`${server.origin}/api/provision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `conformance.${Date.now()}@example.com` }),
  });
  expect(response.status).toBe(201);
  const { api_key } = (await response.json()) as { api_key: string };
  proxy = await startBearerProxy(server.origin, api_key, port);
});

afterAll(async () => {
  stopClis();
  await proxy?.close();
  await stopDevServers();
  rmSync(results, { recursive: true, force: true });
});

/** Runs one server scenario and returns its exit code and checks (from checks.json). */
async function scenario(
  name: string,
  url: string,
): Promise<{ code: number | null; checks: Check[] }> {
  const out = join(results, name);
  const run = await runNode22(CONFORMANCE, ['server', '--url', url, '--scenario', name, '-o', out]);
  const [dir] = readdirSync(out);
  if (!dir) throw new Error(`no results for ${name}:\n${run.stdout}\n${run.stderr}`);
  const checks = JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8')) as Check[];
  rmSync(out, { recursive: true, force: true });
  return { code: run.code, checks };
}

describe('the MCP conformance suite, server mode', () => {
  it('is the pinned version; the baseline classifies every server scenario', async () => {
    const pkg = JSON.parse(
      readFileSync(
        join(ROOT, 'node_modules/@modelcontextprotocol/conformance/package.json'),
        'utf8',
      ),
    ) as { version: string };
    expect(pkg.version).toBe(baseline.conformance_version);

    const list = await runNode22(CONFORMANCE, ['list', '--server']);
    expect(list.code).toBe(0);
    const listed = [...list.stdout.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1]!);
    expect(listed.length).toBeGreaterThan(0);
    const run = Object.keys(baseline.run);
    const excluded = Object.keys(baseline.excluded);
    expect(run.filter((name) => excluded.includes(name))).toEqual([]);
    expect([...run, ...excluded].sort()).toEqual([...listed].sort());
  });

  it('cannot authenticate on its own: straight to Polis its initialize is refused', async () => {
    const { checks } = await scenario('server-initialize', `${server.origin}/api/mcp`);
    expect(checks).toEqual([
      expect.objectContaining({
        status: 'FAILURE',
        errorMessage: expect.stringMatching(/^Failed/),
      }),
    ]);
    // What it got, which its message leaves out: 401 and a challenge, as for any bare request.
    const bare = await fetch(`${server.origin}/api/mcp`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(bare.status).toBe(401);
    expect(bare.headers.get('WWW-Authenticate')).toMatch(/^Bearer .*resource_metadata="/);
  });

  it.each(Object.keys(baseline.run))('passes %s', async (name) => {
    const { code, checks } = await scenario(name, `${proxy.url}/api/mcp`);
    const failed = checks.filter((check) => check.status === 'FAILURE');
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(checks.filter((check) => check.status === 'SUCCESS').length).toBeGreaterThan(0);
    expect(code).toBe(0);
  });
});
