// Facts about the machine and the versions a benchmark ran on, for RESULTS.md.
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

function version(pkg: string): string {
  try {
    const path = new URL(`../node_modules/${pkg}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machineFacts(): string[] {
  const cpu = cpus();
  return [
    `- date: ${new Date().toISOString()}`,
    `- CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- node ${process.version}, wrangler ${version('wrangler')}, workerd ${version('workerd')}, ` +
      `@modelcontextprotocol/sdk ${version('@modelcontextprotocol/sdk')}, ` +
      `@cloudflare/workers-oauth-provider ${version('@cloudflare/workers-oauth-provider')}, ` +
      `autocannon ${version('autocannon')}`,
  ];
}
