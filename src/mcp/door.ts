// Checks at the door of /api/mcp, before authentication, so a browser on a foreign site or a
// client speaking another protocol version is turned away the same way whoever it is.
// MCP transports 2025-11-25 §"Security Warning" (Origin), §"Protocol Version Header".
import type { Config } from '../config';

/** The versions the official SDK speaks and Polis supports (SPEC §4). */
export const SUPPORTED_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;
export const MAX_BODY_BYTES = 1024 * 1024;

export function jsonRpcError(
  status: number,
  code: number,
  message: string,
  headers: HeadersInit = {},
): Response {
  const body = { jsonrpc: '2.0', error: { code, message }, id: null };
  const out = new Headers(headers);
  out.set('Content-Type', 'application/json');
  return new Response(JSON.stringify(body), { status, headers: out });
}

/** CORS for browser-based MCP clients: only allowed origins, never a credentialed wildcard. */
export function corsHeaders(origin: string | null, config: Config): Record<string, string> {
  if (!origin || !config.allowedOrigins.has(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers':
      'Authorization, Content-Type, Accept, MCP-Protocol-Version, Mcp-Session-Id, Last-Event-ID',
    'Access-Control-Expose-Headers': 'WWW-Authenticate, Mcp-Session-Id, MCP-Protocol-Version',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

/** A refusal, or null when the request may go on to authentication. */
export function checkDoor(request: Request, config: Config): Response | null {
  const origin = request.headers.get('Origin');
  // DNS rebinding and cross-site calls: a present Origin must be one we allow (CVE-2025-66414).
  if (origin !== null && !config.allowedOrigins.has(origin)) {
    return jsonRpcError(403, -32000, 'Forbidden: this Origin may not call the Polis MCP endpoint.');
  }

  const cors = corsHeaders(origin, config);
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });

  // Stateless Streamable HTTP: no SSE stream to resume (GET) and no session to end (DELETE).
  if (request.method !== 'POST') {
    return jsonRpcError(405, -32000, 'Method not allowed: send JSON-RPC with POST.', {
      ...cors,
      Allow: 'POST, OPTIONS',
    });
  }

  const version = request.headers.get('MCP-Protocol-Version');
  if (version !== null && !(SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(version)) {
    return jsonRpcError(
      400,
      -32000,
      `Bad Request: unsupported MCP-Protocol-Version "${version.slice(0, 40)}"; ` +
        `supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}.`,
      cors,
    );
  }

  const declared = Number(request.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    return jsonRpcError(
      413,
      -32000,
      `Payload too large: the limit is ${MAX_BODY_BYTES} bytes.`,
      cors,
    );
  }
  return null;
}
