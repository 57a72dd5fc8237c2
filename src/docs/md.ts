// Helpers for the Markdown the docs generate at request time: tables, code spans, numbers.
import { formatNumber } from '../web/format';

/** What the generated parts of a page depend on besides the code: where it is served. */
export interface DocsContext {
  /** The public origin, e.g. "https://polis.sh". */
  origin: string;
}

/** A pipe table; pipes and line breaks inside cells are escaped so a cell stays one cell. */
export function mdTable(header: string[], rows: string[][], numeric: number[] = []): string {
  const cell = (text: string) => text.replace(/\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
  const line = (values: string[]) => `| ${values.map(cell).join(' | ')} |`;
  const rule = header.map((_, n) => (numeric.includes(n) ? '---:' : '---'));
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** Inline code, with a longer fence when the text holds a backtick. */
export function code(text: string | number | boolean): string {
  const value = String(text);
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
}

/** 12500 → "12,500". */
export const num = formatNumber;

/** Cents → "$5", "$0.75", "$1,250". */
export function usd(cents: number): string {
  const dollars = num(Math.floor(cents / 100));
  return cents % 100 === 0 ? `$${dollars}` : `$${dollars}.${String(cents % 100).padStart(2, '0')}`;
}

/** A JSON value as a fenced code block. */
export function jsonBlock(value: unknown): string {
  return ['```json', JSON.stringify(value, null, 2), '```'].join('\n');
}
