// The one error body of Polis's own JSON routes (provisioning, admin):
//   { "error": { "code": "...", "message": "...", "field"?: "..." } }
// OAuth routes use the RFC 6749 shape instead (built by the OAuth library), MCP its tool errors.

export type JsonErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'rate_limited'
  | 'payload_too_large'
  | 'internal';

export function jsonError(
  status: number,
  code: JsonErrorCode,
  message: string,
  options: { field?: string; headers?: HeadersInit } = {},
): Response {
  const error = options.field ? { code, message, field: options.field } : { code, message };
  const headers = new Headers(options.headers);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify({ error }), { status, headers });
}

/** Reads a JSON object body, refusing oversized or malformed input with a clean error. */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await readTextCapped(request, maxBytes);
  if (text === null) {
    return {
      ok: false,
      response: jsonError(413, 'payload_too_large', `The body must be at most ${maxBytes} bytes.`),
    };
  }
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: jsonError(400, 'invalid_input', 'The body is not valid JSON.') };
  }
}

/** The body as text, or null when it is longer than `maxBytes` (stops reading at the limit). */
export async function readTextCapped(request: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!request.body) return '';

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** The first zod issue as a dotted field path ("content_type", "items.0.name"). */
export function issueField(issue: { path: PropertyKey[] }): string | undefined {
  return issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
}
