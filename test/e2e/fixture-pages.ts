// Landing pages for visual-mode tests, served on loopback and reached by the browser under a
// public-looking name: the local Chromium behind the BROWSER binding maps
// *.polis-fixture.example to this server (scripts/local-browser.mjs passes the flag), so the
// Worker's public-URL checks see an ordinary public URL while nothing leaves the machine.
// Used as a vitest globalSetup by the workerd suite (vitest.config.ts) and by the visual e2e test.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkLocalChromium, setLaunchFlags } from '../../scripts/local-browser.mjs';

export const FIXTURE_HOST = 'landing.polis-fixture.example';

/** What a page fetched from loopback would reveal if the browser's request guard let it. */
export const LOOPBACK_SECRET = 'loopback-secret-7f3a9c';

const words = (count: number) =>
  Array.from({ length: count }, (_, i) => ['our', 'platform', 'helps', 'teams'][i % 4]).join(' ');

function pages(port: number): Record<string, string> {
  return {
    '/good': `<!doctype html><html><head><title>Lumen: onboarding in an afternoon</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:18px/1.5 sans-serif;margin:0 auto;max-width:720px;padding:24px}
h1{font-size:48px;margin:0 0 16px} a.btn{display:inline-block;background:#0a4;color:#fff;
padding:14px 24px;text-decoration:none;border-radius:6px}</style></head><body>
<h1>Onboarding in an afternoon</h1>
<p>We cut onboarding time from 14 days to 3 for 212 B2B SaaS teams last quarter.</p>
<p><a class="btn" href="/demo">Book a 15-minute demo</a></p>
<h2>What teams say</h2>
<blockquote>"We went live the same afternoon." Priya Shah, Head of Ops at Lumen</blockquote>
</body></html>`,

    '/bad': `<!doctype html><html><head><title>Welcome</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:12px/1.4 serif;margin:0} .hero{height:1400px;background:#ddd}
a.cta{background:#eee;color:#ccc;padding:10px 20px}
.cookies{position:fixed;left:0;right:0;bottom:0;height:45vh;background:#222;color:#fff}</style>
</head><body>
<div class="hero"><p>Welcome to our website</p></div>
<p>${words(260)}</p>
<p><a class="cta" href="/signup">Sign up</a></p>
<div class="cookies">We use cookies to improve your experience. Accept all cookies</div>
</body></html>`,

    // No viewport meta and a wide table: a phone lays it out wide and shrinks it to fit.
    '/wide': `<!doctype html><html><head><title>Desktop only</title></head><body>
<h1>Our product</h1><table width="900"><tr><td>${words(40)}</td></tr></table>
<p><button>Start free</button></p></body></html>`,

    '/scripted': `<!doctype html><html><head><title>Rendered by script</title></head><body>
<div id="app"></div>
<script>document.getElementById('app').innerHTML =
  '<h1>Rendered in the browser</h1><p>Only a browser running scripts sees this text.</p>';
</script></body></html>`,

    '/probe': `<!doctype html><html><head><title>Probe</title></head><body>
<h1>Probe page</h1><p id="out">waiting</p>
<p id="ws">waiting</p>
<script>const say = (text) => { document.getElementById('ws').textContent = text; };
try {
  const ws = new WebSocket('ws://127.0.0.1:${port}/socket');
  ws.onopen = () => say('socket leaked');
  ws.onerror = () => say('socket blocked');
} catch { say('socket blocked'); }
</script>
<script>fetch('http://127.0.0.1:${port}/secret')
  .then((r) => r.text())
  .then((t) => { document.getElementById('out').textContent = 'leaked ' + t; })
  .catch(() => { document.getElementById('out').textContent = 'probe blocked'; });
</script></body></html>`,
  };
}

/** Completes any WebSocket handshake (RFC 6455 §4.2.2), so a socket the guard let through opens. */
function acceptSockets(server: Server): Server {
  return server.on('upgrade', (request, socket) => {
    const key = String(request.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1')
      .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
  });
}

function serve(port: () => number): Server {
  const seen = new Set<string>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname;
    // 404 on the first request only: a run that retried a permanent failure would succeed.
    if (path.startsWith('/gone-once/') && !seen.has(path)) {
      seen.add(path);
      response.writeHead(404, { 'Content-Type': 'text/html' });
      return response.end('<h1>Not found</h1>');
    }
    if (path.startsWith('/gone-once/')) {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      return response.end('<h1>Back again</h1><p>This page answered on a second try.</p>');
    }
    if (path === '/secret') {
      response.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
      return response.end(LOOPBACK_SECRET);
    }
    if (path === '/to-loopback') {
      response.writeHead(302, { Location: `http://127.0.0.1:${port()}/good` });
      return response.end();
    }
    if (path === '/report.pdf') {
      response.writeHead(200, { 'Content-Type': 'application/pdf' });
      return response.end('%PDF-1.4');
    }
    const page = pages(port())[path];
    if (!page) {
      response.writeHead(404, { 'Content-Type': 'text/html' });
      return response.end('<h1>Not found</h1>');
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  return acceptSockets(server);
}

/** vitest globalSetup: link the local Chromium, start the server, map the fixture host to it. */
/**
 * vitest globalSetup: start the server, and give this test run its own wrangler cache (through
 * XDG_CACHE_HOME, read by miniflare here and inherited by dev servers started from this process)
 * holding a Chromium launcher that maps the fixture host to the server. Runs on one machine at
 * the same time then never share a launcher or its flags.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const previousCache = process.env.XDG_CACHE_HOME;
  const cache = mkdtempSync(join(tmpdir(), 'polis-browser-'));
  process.env.XDG_CACHE_HOME = cache;
  if (!linkLocalChromium()) {
    console.warn('No Chromium found (set CHROMIUM_PATH): the visual-mode tests will fail.');
  }
  let port = 0;
  const server = serve(() => port);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  setLaunchFlags([`--host-resolver-rules=MAP *.polis-fixture.example 127.0.0.1:${port}`]);
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (previousCache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = previousCache;
    rmSync(cache, { recursive: true, force: true });
  };
}
