// Inline Markdown to HTML: code spans, links, autolinks, strong and emphasis, backslash
// escapes. Everything else is text, and every character of text is escaped.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;

/** Links may go to the web, a path on this site, or an anchor; anything else stays text. */
function safeHref(href: string): string | null {
  return /^(https?:\/\/|mailto:|\/(?!\/)|#)/i.test(href) ? href : null;
}

export function renderInline(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    const next = source[i + 1] ?? '';

    if (char === '\\' && PUNCTUATION.test(next)) {
      out += escapeHtml(next);
      i += 2;
      continue;
    }
    if (char === '`') {
      const span = codeSpan(source, i);
      if (span) {
        out += `<code>${escapeHtml(span.text)}</code>`;
        i = span.end;
        continue;
      }
    }
    if (char === '[') {
      const link = linkAt(source, i);
      if (link) {
        const href = safeHref(link.href);
        const label = renderInline(link.label);
        out += href ? `<a href="${escapeHtml(href)}">${label}</a>` : label;
        i = link.end;
        continue;
      }
    }
    if (char === '<') {
      const match = /^<(https?:\/\/[^\s<>]+)>/.exec(source.slice(i));
      if (match) {
        const url = escapeHtml(match[1]!);
        out += `<a href="${url}">${url}</a>`;
        i += match[0].length;
        continue;
      }
    }
    if (char === '*' || char === '_') {
      const emphasis = emphasisAt(source, i);
      if (emphasis) {
        const tag = emphasis.strong ? 'strong' : 'em';
        out += `<${tag}>${renderInline(emphasis.inner)}</${tag}>`;
        i = emphasis.end;
        continue;
      }
    }
    out += escapeHtml(char);
    i += 1;
  }
  return out;
}

/** A run of backticks closed by a run of the same length; one padding space each side goes. */
function codeSpan(source: string, start: number): { text: string; end: number } | null {
  let ticks = 0;
  while (source[start + ticks] === '`') ticks += 1;
  const fence = '`'.repeat(ticks);
  let search = start + ticks;
  for (;;) {
    const close = source.indexOf(fence, search);
    if (close === -1) return null;
    let after = close + ticks;
    if (source[after] === '`') {
      while (source[after] === '`') after += 1;
      search = after;
      continue;
    }
    let text = source.slice(start + ticks, close).replace(/\n/g, ' ');
    if (/^ .*[^ ].* $/.test(text)) text = text.slice(1, -1);
    return { text, end: after };
  }
}

/** `[label](href)`: the label may nest brackets; the href has no spaces. */
function linkAt(
  source: string,
  start: number,
): { label: string; href: string; end: number } | null {
  let depth = 0;
  let close = -1;
  for (let j = start; j < source.length; j += 1) {
    const char = source[j];
    if (char === '\\') j += 1;
    else if (char === '`') {
      const span = codeSpan(source, j);
      if (span) j = span.end - 1;
    } else if (char === '[') depth += 1;
    else if (char === ']' && --depth === 0) {
      close = j;
      break;
    }
  }
  if (close === -1 || source[close + 1] !== '(') return null;
  const match = /^\(([^\s()]*)\)/.exec(source.slice(close + 1));
  if (!match) return null;
  return {
    label: source.slice(start + 1, close),
    href: match[1]!,
    end: close + 1 + match[0].length,
  };
}

/**
 * `**strong**`, `*em*`, `_em_`. An underscore inside a word (`persona_count`) is a letter, not
 * a delimiter; a delimiter must touch its text on the inside.
 */
function emphasisAt(
  source: string,
  start: number,
): { inner: string; strong: boolean; end: number } | null {
  const char = source[start]!;
  const strong = source[start + 1] === char;
  const delimiter = strong ? char + char : char;
  const before = source[start - 1] ?? ' ';
  const first = source[start + delimiter.length] ?? ' ';
  if (/\s/.test(first) || first === char) return null;
  if (char === '_' && WORD.test(before)) return null;

  let search = start + delimiter.length + 1;
  for (;;) {
    const close = source.indexOf(delimiter, search);
    if (close === -1) return null;
    const inside = source[close - 1]!;
    const after = source[close + delimiter.length] ?? ' ';
    const flanked = !/\s/.test(inside) && inside !== '\\';
    const wordEnd = char !== '_' || !WORD.test(after);
    if (flanked && wordEnd && after !== char) {
      return {
        inner: source.slice(start + delimiter.length, close),
        strong,
        end: close + delimiter.length,
      };
    }
    search = close + 1;
  }
}

/** The text of inline Markdown without its markup, for titles and summaries. */
export function plainText(source: string): string {
  return source
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S.*?)[*_](?=\W|$)/g, '$1$2')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A heading's id: lowercase words joined by hyphens ("Token lifetimes" → "token-lifetimes"). */
export function slugify(text: string): string {
  const slug = plainText(text)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/[\s-]+/g, '-');
  return slug || 'section';
}
