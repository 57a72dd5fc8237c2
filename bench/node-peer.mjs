// The peer: the MCP SDK's own Streamable HTTP server in Node, stateless (a fresh server and
// transport per request, as the SDK recommends for stateless use), with one trivial tool.
// Usage: node bench/node-peer.mjs <port>
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const port = Number(process.argv[2] ?? 8790);

function buildServer() {
  const server = new McpServer({ name: 'peer', version: '1.0.0' });
  server.registerTool('account', { description: 'A trivial tool', inputSchema: {} }, async () => ({
    content: [{ type: 'text', text: JSON.stringify({ account_id: 'acct_peer', plan: 'trial' }) }],
  }));
  return server;
}

createServer(async (req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    res.writeHead(400).end();
    return;
  }
  const server = buildServer();
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on('close', () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}).listen(port, '127.0.0.1', () => console.log(`peer listening on ${port}`));
