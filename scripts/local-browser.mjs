// Local Browser Rendering with the system's Chromium. `wrangler dev` (and the test pool, both
// through miniflare) simulate the BROWSER binding by launching Chrome for Testing, which they
// download into wrangler's cache on first use. This machine has no network for that, but it may
// have Debian's `chromium`: we put a small launcher where wrangler looks for its Chrome, so
// visual-mode runs render locally with a real browser. Without Chromium nothing is linked and a
// visual run fails (and is refunded) with "Browser Rendering could not start".
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const MARKER = 'polis-local-browser';
/** The Chrome build miniflare asks for when its own source does not say (miniflare 4.2026). */
const FALLBACK_BUILD = '126.0.6478.182';

/** The Chrome build this miniflare launches for the BROWSER binding. */
function chromeBuild() {
  try {
    const require = createRequire(import.meta.url);
    const source = readFileSync(require.resolve('miniflare'), 'utf8');
    return /browserVersion: "(\d+\.\d+\.\d+\.\d+)"/.exec(source)?.[1] ?? FALLBACK_BUILD;
  } catch {
    return FALLBACK_BUILD;
  }
}

/** Where miniflare's @puppeteer/browsers install looks for that build (xdg cache + .wrangler). */
export function launcherPath() {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, '.wrangler', 'chrome', `linux-${chromeBuild()}`, 'chrome-linux64', 'chrome');
}

/** Extra Chromium flags for the next launches (tests map fixture hosts); `[]` clears them. */
export function setLaunchFlags(flags) {
  const file = join(dirname(launcherPath()), 'polis-extra-flags');
  if (flags.length === 0) rmSync(file, { force: true });
  else writeFileSync(file, `${flags.join('\n')}\n`);
}

/**
 * Writes the launcher unless a real Chrome (one not written by us) is already there.
 * Returns the browser wrangler will run, or null when there is none.
 */
export function linkLocalChromium(chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium') {
  const target = launcherPath();
  if (existsSync(target) && !readFileSync(target, 'utf8').includes(MARKER)) return target;
  if (process.platform !== 'linux' || !existsSync(chromium)) return null;

  // miniflare starts the browser with an empty environment, hence the explicit PATH and HOME.
  // --no-sandbox: Chromium refuses to run as root with its sandbox (CI containers run as root).
  const script = [
    '#!/bin/sh',
    `# ${MARKER}: written by scripts/local-browser.mjs; runs the system Chromium for`,
    "# wrangler's local Browser Rendering. Delete it to let wrangler download Chrome instead.",
    'PATH=/usr/local/bin:/usr/bin:/bin; export PATH',
    'HOME=${HOME:-/tmp}; export HOME',
    // One flag a line, neither split on spaces nor globbed (host rules contain both).
    'flags="${0%/*}/polis-extra-flags"',
    'if [ -f "$flags" ]; then',
    '  set -f',
    "  IFS='",
    "'",
    '  set -- $(cat "$flags") "$@"',
    'fi',
    `exec "${chromium}" --no-sandbox --disable-gpu "$@"`,
    '',
  ].join('\n');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, script);
  chmodSync(target, 0o755);
  return chromium;
}
