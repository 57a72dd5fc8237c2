// `npm run bench`: throughput and latency of authenticated MCP calls on the real dev server
// (wrangler dev, loopback), beside the runtime's ceiling (a bare Worker answering fixed JSON,
// also under wrangler dev) and a peer (the MCP SDK's own Node server, one trivial tool). Load
// comes from autocannon in this process; each target runs for a bounded time. Ratios are the
// figures that count: absolute numbers drift from machine to machine. Writes bench/RESULTS.md.
import autocannon from 'autocannon';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, it } from 'vitest';
import { startDevServer, type DevServer } from '../test/e2e/server';
import { machineFacts } from './machine';
import { oauthToken } from './oauth-token';
import { freePort, startProcess, type Started } from './processes';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

let polis: DevServer;
let bare: Started;
let peer: Started;
let bareUrl: string;
let peerUrl: string;

beforeAll(async () => {
  polis = await startDevServer({ RATE_LIMITS: 'off' });
  const barePort = await freePort();
  const inspector = await freePort();
  bareUrl = `http://127.0.0.1:${barePort}/`;
  bare = await startProcess(
    `${ROOT}node_modules/.bin/wrangler`,
    [
      'dev',
      '--config',
      'bench/bare/wrangler.toml',
      '--port',
      String(barePort),
      '--ip',
      '127.0.0.1',
      '--inspector-port',
      String(inspector),
    ],
    bareUrl,
    { cwd: ROOT },
  );
  const peerPort = await freePort();
  peerUrl = `http://127.0.0.1:${peerPort}/`;
  peer = await startProcess(process.execPath, ['bench/node-peer.mjs', String(peerPort)], peerUrl, {
    cwd: ROOT,
  });
});

afterAll(async () => {
  await Promise.all([polis?.stop(), bare?.stop(), peer?.stop()]);
});

function toolCall(name: string, args: unknown = {}): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name, arguments: args },
  });
}

const MCP_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
  'MCP-Protocol-Version': '2025-11-25',
};

interface Row {
  target: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function load(
  target: string,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<Row> {
  // A short warm-up so isolates and JITs are ready before measuring.
  await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: 2 });
  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  return {
    target,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

it('measures Polis against the ceiling and the peer', async () => {
  const loadAtStart = loadavg();
  const provisioned = await fetch(`${polis.origin}/api/provision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.com` }),
  });
  const { api_key: apiKey } = (await provisioned.json()) as { api_key: string };
  const token = await oauthToken(polis.origin, apiKey);
  const mcp = `${polis.origin}/api/mcp`;

  const rows: Row[] = [];
  rows.push(await load('bare Worker (ceiling)', bareUrl, MCP_HEADERS, toolCall('polis_account')));
  rows.push(
    await load('bare Worker + 1 D1 query', `${bareUrl}d1`, MCP_HEADERS, toolCall('polis_account')),
  );
  rows.push(
    await load(
      'polis_account, API key',
      mcp,
      { ...MCP_HEADERS, Authorization: `Bearer ${apiKey}` },
      toolCall('polis_account'),
    ),
  );
  rows.push(
    await load(
      'polis_account, OAuth token',
      mcp,
      { ...MCP_HEADERS, Authorization: `Bearer ${token}` },
      toolCall('polis_account'),
    ),
  );
  rows.push(
    await load(
      'polis_estimate, API key',
      mcp,
      { ...MCP_HEADERS, Authorization: `Bearer ${apiKey}` },
      toolCall('polis_estimate', {
        content_type: 'tweet',
        content: 'Ship it: 3 steps, 90 seconds.',
      }),
    ),
  );
  rows.push(await load('MCP SDK Node server (peer)', peerUrl, MCP_HEADERS, toolCall('account')));

  const ceiling = rows[0]!.rps;
  const storageCeiling = rows[1]!.rps;
  const peerRps = rows.at(-1)!.rps;
  const table = [
    '| target | req/s | p50 ms | p99 ms | non-2xx | × bare Worker | × bare + D1 | × Node peer |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.target} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.non2xx} | ` +
        `${(row.rps / ceiling).toFixed(2)} | ${(row.rps / storageCeiling).toFixed(2)} | ` +
        `${(row.rps / peerRps).toFixed(2)} |`,
    ),
  ];
  const runs = (() => {
    try {
      return readFileSync(new URL('./RUNS.md', import.meta.url), 'utf8');
    } catch {
      return '(run `npm run bench:runs` for the heuristic run table)\n';
    }
  })();
  const report = [
    '# Polis benchmark results',
    '',
    `Command: \`npm run bench\` (bench/http.run.ts): autocannon, ${CONNECTIONS} connections, ` +
      `${SECONDS} s per target after a 2 s warm-up, all on loopback on this one machine ` +
      '(the load generator shares the cores with the servers). Polis and the bare Worker both ' +
      'run under `wrangler dev` (local workerd, local D1 and KV); rate limits are off.',
    '',
    ...machineFacts(),
    `- load average when the run began: ${loadAtStart.map((n) => n.toFixed(2)).join(', ')}`,
    '',
    ...table,
    '',
    'Goal: authenticated polis_account at ≥ 0.6× the bare Worker (stretch 0.8×). Every ' +
      'authenticated Polis call asks D1 who the caller is (D1 is the authority, so revocation ' +
      'is immediate), so the second row, the bare Worker making one trivial D1 query, is the ' +
      'ceiling that storage sets on this machine: compare Polis with both.',
    '',
    runs.replace(/^# /, '## '),
  ].join('\n');
  writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
  console.log(`\n${table.join('\n')}\n`);
  for (const row of rows) {
    if (row.non2xx > 0) throw new Error(`${row.target} answered ${row.non2xx} failures`);
  }
});
