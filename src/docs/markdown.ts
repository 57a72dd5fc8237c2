// A small Markdown renderer for the docs in docs/: ATX headings (with ids), paragraphs,
// nested lists, pipe tables, fenced code, block quotes and rules. It covers what our own pages
// use, not all of CommonMark; all text goes through renderInline, which escapes it.
import { escapeHtml, renderInline, slugify } from './inline';

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^(`{3,}|~{3,})\s*([\w+-]*)\s*$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])( +)(.*)$/;
const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** The heading ids given out so far in a page, to keep each one unique. */
type Ids = Set<string>;

export function renderMarkdown(source: string): string {
  return renderBlocks(source.replace(/\r\n?/g, '\n').split('\n'), new Set());
}

function renderBlocks(lines: string[], ids: Ids, tight = false): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i += 1;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      for (i += 1; i < lines.length && !closesFence(lines[i]!, marker); i += 1) {
        body.push(lines[i]!);
      }
      i += 1; // the closing fence (or the end of the document)
      out.push(codeBlock(body.join('\n'), fence[2] ?? ''));
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      out.push(headingHtml(heading[1]!.length, heading[2]!, ids));
      i += 1;
      continue;
    }

    if (RULE.test(line)) {
      out.push('<hr>');
      i += 1;
      continue;
    }

    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(lines[i++]!.replace(QUOTE, ''));
      out.push(`<blockquote>${renderBlocks(body, ids)}</blockquote>`);
      continue;
    }

    if (line.includes('|') && DELIMITER_ROW.test(lines[i + 1] ?? '')) {
      const rows: string[] = [];
      while (i < lines.length && lines[i]!.includes('|')) rows.push(lines[i++]!);
      out.push(tableHtml(rows));
      continue;
    }

    if (ITEM.test(line)) {
      const list = collectList(lines, i);
      out.push(listHtml(list, ids));
      i = list.end;
      continue;
    }

    const paragraph: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !interrupts(lines[i]!)) {
      paragraph.push(lines[i++]!.trim());
    }
    if (paragraph.length === 0) paragraph.push(lines[i++]!.trim());
    const text = renderInline(paragraph.join('\n'));
    out.push(tight ? text : `<p>${text}</p>`);
  }
  return out.join('\n');
}

function interrupts(line: string): boolean {
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    RULE.test(line) ||
    QUOTE.test(line) ||
    /^ {0,3}[-*+] /.test(line)
  );
}

function closesFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  return trimmed[0] === marker[0] && /^(`+|~+)$/.test(trimmed) && trimmed.length >= marker.length;
}

function codeBlock(code: string, language: string): string {
  const lang = language ? ` class="language-${escapeHtml(language)}"` : '';
  const label = language ? ` data-lang="${escapeHtml(language)}"` : '';
  // tabindex: a keyboard user can reach a block that scrolls sideways, and select its text.
  return (
    `<div class="codeblock"${label}><pre tabindex="0"><code${lang}>` +
    `${escapeHtml(code)}</code></pre></div>`
  );
}

function headingHtml(level: number, text: string, ids: Ids): string {
  const base = slugify(text);
  let id = base;
  for (let n = 2; ids.has(id); n += 1) id = `${base}-${n}`;
  ids.add(id);
  const anchor = level > 1 ? ` <a class="anchor" href="#${id}" aria-hidden="true">#</a>` : '';
  return `<h${level} id="${id}">${renderInline(text)}${anchor}</h${level}>`;
}

// ---- tables ------------------------------------------------------------------------------

/** Splits a row on pipes that are neither escaped (`\|`) nor leading/trailing. */
function cells(row: string): string[] {
  const trimmed = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function tableHtml(rows: string[]): string {
  const header = cells(rows[0]!);
  const aligns = cells(rows[1]!).map((spec) => {
    if (spec.startsWith(':') && spec.endsWith(':')) return ' class="center"';
    if (spec.endsWith(':')) return ' class="num"';
    return '';
  });
  const row = (values: string[], tag: 'th' | 'td') =>
    header
      .map((_, n) => `<${tag}${aligns[n] ?? ''}>${renderInline(values[n] ?? '')}</${tag}>`)
      .join('');
  const head = `<thead><tr>${row(header, 'th')}</tr></thead>`;
  const body = rows
    .slice(2)
    .map((line) => `<tr>${row(cells(line), 'td')}</tr>`)
    .join('\n');
  return `<div class="scroll"><table>${head}<tbody>${body}</tbody></table></div>`;
}

// ---- lists -------------------------------------------------------------------------------

interface List {
  ordered: boolean;
  start: number;
  items: string[][];
  tight: boolean;
  end: number;
}

function collectList(lines: string[], from: number): List {
  const first = ITEM.exec(lines[from]!)!;
  const indent = first[1]!.length;
  const ordered = /\d/.test(first[2]!);
  const list: List = {
    ordered,
    start: ordered ? parseInt(first[2]!, 10) : 1,
    items: [],
    tight: true,
    end: from,
  };
  let i = from;
  let contentIndent = 0;
  let blankBefore = false;
  while (i < lines.length) {
    const line = lines[i]!;
    const item = ITEM.exec(line);
    const sameKind = item && /\d/.test(item[2]!) === ordered && item[1]!.length === indent;
    if (sameKind) {
      if (blankBefore && list.items.length > 0) list.tight = false;
      contentIndent = item[1]!.length + item[2]!.length + item[3]!.length;
      list.items.push([item[4]!]);
      blankBefore = false;
    } else if (line.trim() === '') {
      blankBefore = true;
      list.items.at(-1)!.push('');
    } else if (leadingSpaces(line) >= contentIndent) {
      if (blankBefore && !isNestedStart(line, contentIndent)) list.tight = false;
      list.items.at(-1)!.push(line.slice(contentIndent));
      blankBefore = false;
    } else if (!blankBefore && !interrupts(line) && !item) {
      list.items.at(-1)!.push(line.trim()); // a lazy continuation of the item's paragraph
    } else {
      break;
    }
    i += 1;
  }
  // Trailing blank lines belong to what follows the list.
  while (i > from && lines[i - 1]!.trim() === '') i -= 1;
  list.end = i;
  return list;
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

function isNestedStart(line: string, contentIndent: number): boolean {
  return ITEM.test(line.slice(contentIndent));
}

function listHtml(list: List, ids: Ids): string {
  const tag = list.ordered ? 'ol' : 'ul';
  const start = list.ordered && list.start !== 1 ? ` start="${list.start}"` : '';
  const items = list.items.map((item) => `<li>${renderBlocks(item, ids, list.tight)}</li>`);
  return `<${tag}${start}>\n${items.join('\n')}\n</${tag}>`;
}
