// Third-party CLIs (the MCP Inspector, the conformance suite) run to completion under Node 22,
// the engine they declare: the `node` npm package (devDependency node@22) ships that binary, so
// the system Node stays as it is. Each child gets its own process group and HOME, and is killed
// with its group on a timeout or by `stopClis()` in afterAll, pass or fail.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NODE_22 = join(ROOT, 'node_modules/node/bin/node');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Children still running: `stopClis()` kills their process groups. */
const running = new Set<() => void>();

export function stopClis(): void {
  for (const kill of [...running]) kill();
}

// A backstop: if the test process itself dies, no child may outlive it.
process.once('exit', stopClis);

/** Runs `node22 <script> ...args` in `cwd`, resolving when it exits or after `timeoutMs`. */
export function runNode22(
  script: string,
  args: string[],
  { timeoutMs = 60_000, cwd = ROOT }: { timeoutMs?: number; cwd?: string } = {},
): Promise<CliResult> {
  if (!existsSync(NODE_22)) {
    throw new Error(`${NODE_22} is missing: run "npm ci" (devDependency node@22 provides it)`);
  }
  // A throwaway HOME: the Inspector keeps a catalog and OAuth storage under ~/.mcp-inspector.
  const home = mkdtempSync(join(tmpdir(), 'polis-cli-home-'));
  const child = spawn(NODE_22, [script, ...args], {
    cwd,
    env: { ...process.env, HOME: home, NO_COLOR: '1', CI: 'true' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const kill = () => {
    running.delete(kill);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  running.add(kill);
  const timer = setTimeout(() => {
    stderr += `\n[killed after ${timeoutMs} ms]`;
    kill();
  }, timeoutMs);

  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      kill();
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      kill(); // anything it left behind in its group
      rmSync(home, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}
