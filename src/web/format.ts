// Small formatters for the people's pages: dates, numbers, shares. Pure, locale-free (the
// server renders for everyone), so a page reads the same wherever it is opened.

/** "3 Dec 2026, 17:20 UTC" from unix milliseconds; "never" for null. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'never';
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return 'unknown';
  const month = MONTHS[date.getUTCMonth()];
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${date.getUTCDate()} ${month} ${date.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 12345 -> "12,345", -250 -> "-250". */
export function formatNumber(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Signed token amounts for the ledger: "+1,000", "-150". */
export function formatDelta(value: number): string {
  return value > 0 ? `+${formatNumber(value)}` : formatNumber(value);
}

export function formatUsd(value: number): string {
  return `$${value.toFixed(2)}`;
}

/** A share 0–1 as a whole percentage clamped to 0–100, for labels and the `w-N` classes. */
export function percent(share: number): number {
  if (!Number.isFinite(share)) return 0;
  return Math.min(100, Math.max(0, Math.round(share * 100)));
}
