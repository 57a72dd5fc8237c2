// Starting and stopping the benchmark's servers: each in its own process group, so stopping
// one also stops the workerd children wrangler leaves behind; stopped on exit whatever happens.
import { spawn } from 'node:child_process';
export { freePort } from '../test/e2e/server';

export interface Started {
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `command args…` and waits until `readyUrl` answers any HTTP status. */
export async function startProcess(
  command: string,
  args: string[],
  readyUrl: string,
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Started> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const backstop = () => kill('SIGKILL');
  process.once('exit', backstop);
  const stop = async () => {
    process.removeListener('exit', backstop);
    kill('SIGTERM');
    await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 5000))]);
    kill('SIGKILL');
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (exited) throw new Error(`${command} exited while starting:\n${output}`);
    try {
      await fetch(readyUrl, { method: 'GET' });
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${command} did not answer ${readyUrl} in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { output: () => output, stop };
}
