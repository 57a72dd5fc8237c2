// Visual mode through `npm start`: the dev server's BROWSER binding is wrangler's local Browser
// Rendering, launching the system Chromium by the launcher scripts/dev.mjs writes; the page is
// a fixture served on loopback under a public-looking name (fixture-pages.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import startFixturePages from './fixture-pages';
import { provision, tool } from './rpc';
import { startDevServer, stopDevServers, type DevServer } from './server';

let server: DevServer;
let stopPages: () => Promise<void>;

beforeAll(async () => {
  stopPages = await startFixturePages();
  server = await startDevServer();
}, 180_000);

afterAll(async () => {
  await stopDevServers();
  await stopPages?.();
});

it('renders a landing page in the browser and reports its layout', async () => {
  const who = await provision(server.origin, `visual.${Date.now()}@example.com`);
  const started = await tool(server.origin, who.api_key, 'polis_test', {
    content_type: 'url',
    url: 'http://landing.polis-fixture.example/bad',
    url_mode: 'visual',
    persona_count: 10,
    detail: 'snapshot',
  });
  expect(started.isError).toBe(false);
  const runId = started.payload.run_id as string;

  const deadline = Date.now() + 90_000;
  let status: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    status = (await tool(server.origin, who.api_key, 'polis_status', { run_id: runId })).payload;
    if (status.done) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(status).toMatchObject({ status: 'complete' });

  const report = await tool(server.origin, who.api_key, 'polis_report', { run_id: runId });
  const notes = report.payload.structuralNotes as string[];
  expect(notes[0]).toMatch(/^The first call to action \("Sign up"\) sits at 1,\d{3} px/);
  expect(notes.join('\n')).toContain('A fixed layer ("We use cookies to improve your…")');
}, 120_000);
