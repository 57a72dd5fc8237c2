// Links and addresses in the docs: every link between pages and to an anchor resolves, and
// every absolute URL is on the configured public origin, whatever that origin is.
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { ORIGIN } from '../helpers';

const FORMS = ['', '.md'];
const PATHS = ['/docs', '/llms.txt', '/llms-full.txt'];

/** Addresses that belong to someone else on purpose: a client's own loopback callback. */
const NOT_OURS = new Set(['http://127.0.0.1:33418/callback']);

async function slugs(): Promise<string[]> {
  const index = await (await SELF.fetch(`${ORIGIN}/llms.txt`)).text();
  return [...index.matchAll(/\/docs\/([a-z0-9-]+)\.md\)/g)].map((match) => match[1]!);
}

function absoluteUrls(text: string): string[] {
  return [...text.matchAll(/\bhttps?:\/\/[^\s"'<>()[\]`&,;]+/g)].map((match) =>
    match[0].replace(/[.:]+$/, ''),
  );
}

function ids(page: string): Set<string> {
  return new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!));
}

describe('links between pages', () => {
  it('resolve, anchors included, in the HTML pages', async () => {
    const pages = new Map<string, string>();
    const load = async (path: string) => {
      if (!pages.has(path)) {
        const response = await SELF.fetch(`${ORIGIN}${path}`);
        expect(response.status, path).toBe(200);
        pages.set(path, await response.text());
      }
      return pages.get(path)!;
    };
    let checked = 0;
    for (const slug of await slugs()) {
      const here = `/docs/${slug}`;
      const page = await load(here);
      for (const [, href] of page.matchAll(/href="([^"]+)"/g)) {
        if (href!.startsWith('http')) continue;
        const [path, anchor] = href!.split('#');
        const target = path === '' ? here : path!;
        const body = await load(target);
        if (anchor) expect(ids(body), `${here} → ${href}`).toContain(anchor);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('resolve in the Markdown form, where they are absolute', async () => {
    for (const slug of await slugs()) {
      const markdown = await (await SELF.fetch(`${ORIGIN}/docs/${slug}.md`)).text();
      const targets = [...markdown.matchAll(/\]\((http[^)\s]+)\)/g)].map((match) => match[1]!);
      for (const target of targets) {
        const [address, anchor] = target.split('#');
        const response = await SELF.fetch(address!);
        expect(response.status, `${slug}.md → ${target}`).toBe(200);
        if (anchor) {
          const html = await (await SELF.fetch(address!.replace(/\.md$/, ''))).text();
          expect(ids(html), `${slug}.md → ${target}`).toContain(anchor);
        }
      }
    }
  });
});

describe('absolute URLs', () => {
  it('are all on the configured origin', async () => {
    const paths = [...PATHS];
    for (const slug of await slugs()) for (const form of FORMS) paths.push(`/docs/${slug}${form}`);
    for (const path of paths) {
      const text = await (await SELF.fetch(`${ORIGIN}${path}`)).text();
      for (const url of absoluteUrls(text)) {
        if (NOT_OURS.has(url)) continue;
        expect(url.startsWith(`${ORIGIN}/`) || url === ORIGIN, `${path}: ${url}`).toBe(true);
      }
    }
  });

  it('follow PUBLIC_ORIGIN when a deployment sets another', async () => {
    const other = 'https://docs-test.polis.example';
    const fetchThere = async (path: string) => {
      const ctx = createExecutionContext();
      const response = await worker.fetch(
        new Request(`${other}${path}`),
        { ...env, PUBLIC_ORIGIN: other } as never,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(response.status, path).toBe(200);
      return response.text();
    };
    const index = await fetchThere('/llms.txt');
    const pages = [...index.matchAll(/\/docs\/([a-z0-9-]+)\.md\)/g)].map((match) => match[1]!);
    expect(pages.length).toBeGreaterThan(5);
    let seen = 0;
    for (const path of [
      ...PATHS,
      ...pages.flatMap((slug) => FORMS.map((f) => `/docs/${slug}${f}`)),
    ]) {
      const text = await fetchThere(path);
      expect(text, path).not.toContain('localhost:8787');
      for (const url of absoluteUrls(text)) {
        if (NOT_OURS.has(url)) continue;
        expect(url.startsWith(other), `${path}: ${url}`).toBe(true);
        seen += 1;
      }
    }
    expect(seen).toBeGreaterThan(50);
  });
});
