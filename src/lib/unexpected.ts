// The last answer for an exception no handler caught (D1 or KV failing under OAuthProvider or
// the MCP handler, say): never the runtime's bare 500, but the error shape of the surface the
// request was for, with a request id that ties it to the one log line written here.
import { jsonError } from './json-errors';
import { log, newRequestId } from './log';

export function unexpectedFailure(request: Request, error: unknown): Response {
  const requestId = newRequestId();
  const path = new URL(request.url).pathname;
  log('error', 'request.failed', {
    request_id: requestId,
    method: request.method,
    path,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  const message = `Polis hit an unexpected error. Request id: ${requestId}`;
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

  if (path === '/api/mcp') {
    // JSON-RPC 2.0 §5.1: -32603 is the internal error.
    const body = {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32603, message, data: { request_id: requestId } },
    };
    return new Response(JSON.stringify(body), { status: 500, headers });
  }
  if (path.startsWith('/api/oauth/') || path.startsWith('/.well-known/')) {
    const body = { error: 'server_error', error_description: message };
    return new Response(JSON.stringify(body), { status: 500, headers });
  }
  return jsonError(500, 'internal', message);
}
