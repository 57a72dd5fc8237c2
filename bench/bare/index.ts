// The ceiling: a Worker that answers every request with a fixed JSON body of about the size
// of a polis_account result, on the same runtime as Polis.
const BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  result: {
    content: [{ type: 'text', text: 'x'.repeat(600) }],
    structuredContent: { ok: true },
  },
});

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.method === 'POST') await request.arrayBuffer();
    return new Response(BODY, { headers: { 'Content-Type': 'application/json' } });
  },
};
