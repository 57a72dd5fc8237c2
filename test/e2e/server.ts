// The real dev server for the browser tests: `node scripts/dev.mjs` (what `npm start` runs) on a
// free port with fresh local state, its output captured (the log is the local mailbox for
// sign-in codes), and its whole process group stopped afterwards, pass or fail.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY_TIMEOUT_MS = 90_000;

/** Output without terminal colours. */
function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Servers started and not yet stopped: `stopDevServers()` ends them even mid-start. */
const running = new Set<() => Promise<void>>();

export async function stopDevServers(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

export interface DevServer {
  origin: string;
  /** Everything the server printed so far. */
  output(): string;
  /** The newest sign-in code logged for the email after `since` codes were seen. */
  codeFor(email: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** `vars`: extra `--var NAME:value` settings (the benchmark turns RATE_LIMITS off). */
export async function startDevServer(vars: Record<string, string> = {}): Promise<DevServer> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const origin = `http://localhost:${port}`;
  const state = mkdtempSync(join(tmpdir(), 'polis-e2e-'));
  const args = [
    'scripts/dev.mjs',
    '--persist-to',
    state,
    '--var',
    `PUBLIC_ORIGIN:${origin}`,
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
    '--inspector-port',
    String(inspectorPort),
  ];
  // detached: the server, wrangler and workerd share a new process group, stopped as one.
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), WRANGLER_SEND_METRICS: 'false' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  // A backstop: if the test process itself dies, the server must not outlive it.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    running.delete(stop);
    process.removeListener('exit', onExit);
    killGroup('SIGTERM');
    const timer = new Promise((resolve) => setTimeout(resolve, 5000));
    await Promise.race([exit, timer]);
    killGroup('SIGKILL');
    rmSync(state, { recursive: true, force: true });
  };
  running.add(stop);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    // wrangler keeps running after a failed build, waiting for a fix: stop at once instead.
    const failure = exited
      ? 'exited'
      : /Build failed/.test(plain(output))
        ? 'failed to build'
        : null;
    if (failure || Date.now() > deadline) {
      await stop();
      const why = failure ?? `did not answer within ${READY_TIMEOUT_MS} ms`;
      throw new Error(`the dev server ${why} while starting:\n${plain(output).slice(-4000)}`);
    }
    try {
      // A server that is up but cannot serve may never answer: probe with a time limit.
      const response = await fetch(`${origin}/sign-in`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  const used = new Map<string, number>();
  const codeFor = async (email: string, timeoutMs = 10_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const codes = output
        .split('\n')
        .map((line) => line.slice(Math.max(0, line.indexOf('{"event":"sign_in.code"'))))
        .filter((line) => line.startsWith('{"event":"sign_in.code"'))
        .map((line) => JSON.parse(line) as { email: string; code: string })
        .filter((entry) => entry.email === email);
      const seen = used.get(email) ?? 0;
      if (codes.length > seen) {
        used.set(email, codes.length);
        return codes.at(-1)!.code;
      }
      if (Date.now() > until) throw new Error(`no sign-in code for ${email} in the server log`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  return { origin, output: () => output, codeFor, stop };
}
