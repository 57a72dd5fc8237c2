// The ceilings: a Worker that answers every request with a fixed JSON body of about the size
// of a polis_account result, on the same runtime as Polis; at /d1 it first makes one trivial
// D1 query, which is the storage floor of any call that, like Polis's, must ask D1 who it is.
interface Env {
  DB: D1Database;
}

const BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  result: {
    content: [{ type: 'text', text: 'x'.repeat(600) }],
    structuredContent: { ok: true },
  },
});

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method === 'POST') await request.arrayBuffer();
    if (new URL(request.url).pathname === '/d1') await env.DB.prepare('SELECT 1 AS one').first();
    return new Response(BODY, { headers: { 'Content-Type': 'application/json' } });
  },
};
