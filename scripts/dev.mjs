#!/usr/bin/env node
// `npm start`: prepares local state and runs the Worker with `wrangler dev`.
//   1. creates .dev.vars from .dev.vars.example when missing (never overwrites it);
//   2. applies the D1 migrations to the local database;
//   3. points wrangler's local Browser Rendering at the system Chromium, for visual-mode runs;
//   4. runs `wrangler dev` on http://localhost:8787 (PORT overrides the port).
// Extra arguments are passed to `wrangler dev`, e.g. `npm start -- --persist-to /tmp/polis`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { linkLocalChromium } from './local-browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const wrangler = `${root}node_modules/.bin/wrangler`;
const port = process.env.PORT ?? '8787';
const extra = process.argv.slice(2);
const persist = extra.includes('--persist-to')
  ? extra.slice(extra.indexOf('--persist-to'), extra.indexOf('--persist-to') + 2)
  : [];

const devVars = `${root}.dev.vars`;
if (!existsSync(devVars)) {
  const template = readFileSync(`${root}.dev.vars.example`, 'utf8');
  const filled = template.replace(/__RANDOM__/g, () => randomBytes(32).toString('hex'));
  writeFileSync(devVars, filled, { mode: 0o600 });
  console.log('Created .dev.vars from .dev.vars.example (ADMIN_TOKEN is in it).');
}

const env = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' };
const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (migrate.status !== 0) {
  console.error('Applying the local D1 migrations failed; see above.');
  process.exit(migrate.status ?? 1);
}

if (!linkLocalChromium()) {
  console.log('No Chromium found (CHROMIUM_PATH): url runs in visual mode will fail locally.');
}

const dev = spawn(wrangler, ['dev', '--port', port, ...extra], {
  cwd: root,
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
