// The docs as a reader fetches them: every page as HTML and as Markdown, the index, llms.txt
// and llms-full.txt, unknown pages, and the headers of each.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ORIGIN } from '../helpers';

const SLUGS = [
  'overview',
  'quickstart',
  'run-a-test',
  'test-options',
  'mcp-tools',
  'detail-and-followup',
  'pricing',
  'discovery',
  'oauth',
];

function get(path: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`);
}

function expectPageHeaders(response: Response): void {
  expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
  const csp = response.headers.get('Content-Security-Policy')!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self'");
}

describe('each doc page', () => {
  it.each(SLUGS)('serves /docs/%s as HTML readable on a phone', async (slug) => {
    const response = await get(`/docs/${slug}`);
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    const page = await response.text();
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"');
    expect(page).toMatch(/<h1 id="[a-z0-9_-]+">[^<]+<\/h1>/);
    expect(page).not.toContain('{{');
    // The only script is our own file; the CSP allows nothing inline.
    expect(page.match(/<script[^>]*>/g)).toEqual(['<script src="/assets/docs.js" defer="">']);
  });

  it.each(SLUGS)('serves /docs/%s.md as Markdown with every placeholder filled', async (slug) => {
    const response = await get(`/docs/${slug}.md`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const markdown = await response.text();
    expect(markdown).toMatch(/^# \S/);
    expect(markdown).not.toContain('{{');
  });
});

describe('the docs index', () => {
  it('lists every page with its one-line summary', async () => {
    const response = await get('/docs');
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    const page = await response.text();
    for (const slug of SLUGS) expect(page).toContain(`href="/docs/${slug}"`);
    const summaries = [...page.matchAll(/<p class="muted">([^<]+)<\/p>/g)];
    expect(summaries).toHaveLength(SLUGS.length);
    for (const [, summary] of summaries) expect(summary!.length).toBeLessThan(220);
  });

  it('sends /docs/ to /docs', async () => {
    const response = await SELF.fetch(`${ORIGIN}/docs/`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('Location')).toBe('/docs');
  });
});

describe('an unknown page', () => {
  it('is a 404 HTML page that lists the real ones', async () => {
    const response = await get('/docs/no-such-page');
    expect(response.status).toBe(404);
    expectPageHeaders(response);
    const page = await response.text();
    expect(page).toContain('There is no doc page here');
    expect(page).toContain('href="/docs/quickstart"');
  });

  it('is a 404 in plain text for .md', async () => {
    const response = await get('/docs/no-such-page.md');
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(
      `There is no doc page here. Every page: ${ORIGIN}/llms.txt\n`,
    );
  });

  it('does not echo markup from the address', async () => {
    const response = await get('/docs/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('<script>alert');
  });
});

describe('llms.txt', () => {
  it('is a title, a summary and one absolute .md link per page', async () => {
    const response = await get('/llms.txt');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    const lines = text.split('\n');
    expect(lines[0]).toBe('# Polis');
    expect(lines[2]).toMatch(/^> \S/);
    const links = lines.filter((line) => line.startsWith('- ['));
    const pages = links.filter((line) => line.includes('/docs/'));
    expect(pages).toHaveLength(SLUGS.length);
    SLUGS.forEach((slug, n) => {
      expect(pages[n]).toMatch(
        new RegExp(`^- \\[[^\\]]+\\]\\(${ORIGIN}/docs/${slug}\\.md\\): \\S`),
      );
    });
    expect(text).toContain(`(${ORIGIN}/llms-full.txt)`);
  });
});

describe('llms-full.txt', () => {
  it('holds every page in order, exactly as its .md form', async () => {
    const response = await get('/llms-full.txt');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    const full = await response.text();
    expect(full).not.toContain('{{');
    let from = 0;
    for (const slug of SLUGS) {
      const page = (await (await get(`/docs/${slug}.md`)).text()).trim();
      const at = full.indexOf(page, from);
      expect(at, `${slug} inlined after the previous page`).toBeGreaterThan(from);
      expect(full.slice(0, at)).toContain(`Source: ${ORIGIN}/docs/${slug}.md`);
      from = at;
    }
  });
});

describe('the copy script', () => {
  it('is served as JavaScript from our own origin', async () => {
    const response = await get('/assets/docs.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toContain('navigator.clipboard');
  });

  it('has its styles in the shared stylesheet', async () => {
    const css = await (await get('/assets/polis.css')).text();
    expect(css).toContain('.codeblock');
  });
});
