// Fetching a page for a `url` run in copy mode: http(s) to public hosts only, every redirect
// hop checked again, bounded in hops, time and size; the readable text pulled out with
// HTMLRewriter (headings, paragraphs, list items, quotes, table cells; not scripts or menus).
import { checkPublicUrl } from '../lib/public-url';
import { MAX_CONTENT_CHARS } from '../mcp/schemas';

export const PAGE_LIMITS = { redirects: 5, timeoutMs: 10_000, bytes: 2 * 1024 * 1024 } as const;

/** A failure the caller should hear about (the run fails with this message, and is refunded). */
export class PageError extends Error {}

export interface Page {
  url: string;
  title?: string;
  text: string;
}

export async function fetchPage(address: string, fetcher: typeof fetch = fetch): Promise<Page> {
  const signal = AbortSignal.timeout(PAGE_LIMITS.timeoutMs);
  let current = address;
  for (let hop = 0; hop <= PAGE_LIMITS.redirects; hop += 1) {
    const verdict = checkPublicUrl(current);
    if (!verdict.ok)
      throw new PageError(`The page redirected somewhere Polis may not fetch: ${verdict.reason}`);

    let response: Response;
    try {
      response = await fetcher(verdict.url.toString(), {
        redirect: 'manual',
        signal,
        headers: {
          Accept: 'text/html, text/plain;q=0.8',
          'User-Agent': 'PolisBot/1.0 (+persona testing)',
        },
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new PageError(
        timedOut ? 'The page took too long to answer.' : 'The page could not be reached.',
      );
    }

    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('Location');
      if (!location)
        throw new PageError(`The page answered ${response.status} without a Location.`);
      current = new URL(location, verdict.url).toString();
      continue;
    }
    if (!response.ok) throw new PageError(`The page answered HTTP ${response.status}.`);

    const type = response.headers.get('Content-Type') ?? '';
    if (!/text\/html|text\/plain|application\/xhtml/.test(type)) {
      throw new PageError(
        `The page is not HTML or text (Content-Type: ${type.slice(0, 60) || 'none'}).`,
      );
    }
    const body = await readCapped(response);
    const page = /text\/plain/.test(type) ? { text: body } : await readableText(body);
    const text = page.text.slice(0, MAX_CONTENT_CHARS).trim();
    if (text.length === 0) throw new PageError('The page has no readable text.');
    return { url: verdict.url.toString(), title: page.title, text };
  }
  throw new PageError(`The page redirected more than ${PAGE_LIMITS.redirects} times.`);
}

async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > PAGE_LIMITS.bytes)
    throw new PageError('The page is too large.');
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > PAGE_LIMITS.bytes) {
      await reader.cancel();
      throw new PageError('The page is too large.');
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

const BLOCKS =
  'h1, h2, h3, h4, h5, h6, p, li, blockquote, td, th, figcaption, dt, dd, pre, button, a';
const SKIP = 'script, style, noscript, template, svg, nav, footer, head, iframe, form select';

/** Readable text of an HTML document, one block per line, and its title. */
export async function readableText(html: string): Promise<{ title?: string; text: string }> {
  const blocks: string[] = [];
  let title = '';
  let inTitle = false;
  let skipDepth = 0;
  let current = '';

  const flush = () => {
    const line = current.replace(/\s+/g, ' ').trim();
    if (line && blocks[blocks.length - 1] !== line) blocks.push(line);
    current = '';
  };

  const rewriter = new HTMLRewriter()
    .on('title', {
      element(element) {
        inTitle = true;
        element.onEndTag(() => {
          inTitle = false;
        });
      },
    })
    .on(SKIP, {
      element(element) {
        skipDepth += 1;
        element.onEndTag(() => {
          skipDepth -= 1;
        });
      },
    })
    .on(BLOCKS, {
      element(element) {
        flush();
        element.onEndTag(flush);
      },
    })
    .onDocument({
      text(chunk) {
        if (inTitle) title += chunk.text;
        else if (skipDepth === 0) current += decodeEntities(chunk.text);
      },
    });

  await rewriter.transform(new Response(html)).text();
  flush();
  const cleanTitle = decodeEntities(title).replace(/\s+/g, ' ').trim();
  return { title: cleanTitle || undefined, text: blocks.join('\n') };
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
