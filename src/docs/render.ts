// A doc page in its two forms. Markdown (for /docs/<slug>.md, llms-full.txt): placeholders
// filled and site links made absolute, so the text stands on its own wherever it is read.
// HTML (for /docs/<slug>): the same Markdown through our renderer, site links kept relative.
// Both depend only on the source and the origin, so each is rendered once per isolate.
import { plainText } from './inline';
import { renderMarkdown } from './markdown';
import { DOC_SOURCES, type DocSource } from './pages';
import { fillPlaceholders, type DocsContext } from './placeholders';

export interface Doc {
  slug: string;
  title: string;
  /** The page's first paragraph, as plain text: its line in the index and in llms.txt. */
  summary: string;
  markdown: string;
  html: string;
}

const cache = new Map<string, Doc>();

export function findDoc(slug: string, ctx: DocsContext): Doc | null {
  const source = DOC_SOURCES.find((doc) => doc.slug === slug);
  return source ? renderDoc(source, ctx) : null;
}

export function allDocs(ctx: DocsContext): Doc[] {
  return DOC_SOURCES.map((source) => renderDoc(source, ctx));
}

function renderDoc(source: DocSource, ctx: DocsContext): Doc {
  const key = `${ctx.origin} ${source.slug}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const filled = fillPlaceholders(source.markdown, ctx, `docs/${source.slug}.md`);
  const { title, summary } = headOf(filled, source.slug);
  const doc: Doc = {
    slug: source.slug,
    title,
    summary,
    markdown: absoluteLinks(filled, ctx.origin),
    html: renderMarkdown(filled),
  };
  cache.set(key, doc);
  return doc;
}

/** The first `# ` heading and the paragraph after it. */
function headOf(markdown: string, slug: string): { title: string; summary: string } {
  const lines = markdown.split('\n');
  const at = lines.findIndex((line) => line.startsWith('# '));
  if (at === -1) throw new Error(`docs: docs/${slug}.md has no "# " title`);
  let start = at + 1;
  while (lines[start]?.trim() === '') start += 1;
  let end = start;
  while (end < lines.length && lines[end]!.trim() !== '') end += 1;
  return {
    title: plainText(lines[at]!.slice(2)),
    summary: plainText(lines.slice(start, end).join(' ')),
  };
}

/**
 * `](/path)` outside code blocks becomes `](<origin>/path)`; a link to a doc page points at
 * its Markdown form, which is what a reader of Markdown wants next.
 */
function absoluteLinks(markdown: string, origin: string): string {
  const slugs = new Set(DOC_SOURCES.map((doc) => doc.slug));
  let inFence = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
      if (inFence) return line;
      return line.replace(/\]\((\/[^)\s]*)\)/g, (_, path: string) => {
        const match = /^\/docs\/([a-z0-9-]+)(#.*)?$/.exec(path);
        const target =
          match && slugs.has(match[1]!) ? `/docs/${match[1]}.md${match[2] ?? ''}` : path;
        return `](${origin}${target})`;
      });
    })
    .join('\n');
}
