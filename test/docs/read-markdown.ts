// Reads the docs' Markdown the way a person would: sections by heading, pipe tables as rows of
// cells, fenced code blocks. Deliberately separate from src/docs, so the tests check the
// pages' text rather than the code that wrote it.

/** The lines under the heading whose text is `title`, up to the next heading at its level. */
export function section(markdown: string, title: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex(
    (line) => /^#{1,6} /.test(line) && line.replace(/^#+ /, '') === title,
  );
  if (start === -1) throw new Error(`no heading "${title}"`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => {
    const hashes = /^(#{1,6}) /.exec(line);
    return hashes !== null && hashes[1]!.length <= level;
  });
  return (end === -1 ? rest : rest.slice(0, end)).join('\n');
}

function splitRow(row: string): string[] {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

export interface Table {
  header: string[];
  rows: string[][];
}

/** Every pipe table in the text, in order. */
export function tables(markdown: string): Table[] {
  const lines = markdown.split('\n');
  const found: Table[] = [];
  for (let i = 0; i < lines.length - 1; i += 1) {
    if (!lines[i]!.startsWith('|') || !/^\|[\s:|-]+\|$/.test(lines[i + 1]!.trim())) continue;
    const header = splitRow(lines[i]!);
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j]!.startsWith('|'); j += 1) rows.push(splitRow(lines[j]!));
    found.push({ header, rows });
    i = j;
  }
  return found;
}

/** The contents of every fenced code block with this info string, in order, de-indented. */
export function codeBlocks(markdown: string, lang: string): string[] {
  const pattern = new RegExp('^( *)```' + lang + '\\n([\\s\\S]*?)\\n\\1```$', 'gm');
  return [...markdown.matchAll(pattern)].map(([, indent, body]) =>
    body!
      .split('\n')
      .map((line) => line.slice(indent!.length))
      .join('\n'),
  );
}

/** The values written as inline code in a cell: "`a`, `b`" → ["a", "b"]. */
export function codes(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}

/** The first number in a cell, commas removed: "2,500 tokens" → 2500. */
export function firstNumber(cell: string): number {
  const match = /-?\d[\d,]*(\.\d+)?/.exec(cell);
  if (!match) throw new Error(`no number in "${cell}"`);
  return Number(match[0].replace(/,/g, ''));
}

/** A dollar amount in a cell: "$7.50" → 7.5; null when there is none. */
export function dollars(cell: string): number | null {
  const match = /\$(\d[\d,]*(\.\d+)?)/.exec(cell);
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
}
