// Structured logs: one JSON object a line. Callers pass only values that are safe to keep;
// `maskEmail` exists so that an address never appears in full.

type Level = 'info' | 'warn' | 'error';
type Fields = Record<string, unknown>;

export function log(level: Level, event: string, fields: Fields = {}): void {
  const line = JSON.stringify({ level, event, at: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

/** "alice@example.com" -> "a***@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** A short random id tying a client-visible error to its log line. */
export function newRequestId(): string {
  return crypto.randomUUID();
}
