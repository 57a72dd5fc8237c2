// The reference stack: OAuthProvider in front of the MCP SDK, an API key checked in
// constant time with no storage, and one trivial tool; the framework cost without Polis. At
// /mcp-d1 the key check also makes one trivial D1 query, the storage any call must pay whose
// credential, like Polis's, can be revoked on the very next request.
import { OAuthProvider } from '@cloudflare/workers-oauth-provider';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

interface Env {
  DB: D1Database;
  OAUTH_KV: KVNamespace;
}

/** Not a secret: the benchmark's fixed key. */
const BENCH_KEY = 'sk_bench_0123456789abcdefghijklmnopqrstuv';
const expected = new TextEncoder().encode(BENCH_KEY);

function sameKey(token: string): boolean {
  const given = new TextEncoder().encode(token);
  return given.byteLength === expected.byteLength && crypto.subtle.timingSafeEqual(given, expected);
}

const mcp = {
  async fetch(request: Request): Promise<Response> {
    const server = new McpServer({ name: 'minimal', version: '1.0.0' });
    server.registerTool(
      'account',
      { description: 'A trivial tool', inputSchema: {} },
      async () => ({
        content: [
          { type: 'text', text: JSON.stringify({ account_id: 'acct_min', plan: 'trial' }) },
        ],
      }),
    );
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    return transport.handleRequest(request);
  },
};

/** Built per origin, as Polis does: the resource identifier carries the dev server's port. */
const providers = new Map<string, OAuthProvider<Env>>();

function providerFor(origin: string): OAuthProvider<Env> {
  let provider = providers.get(origin);
  if (provider) return provider;
  provider = new OAuthProvider<Env>({
    apiRoute: ['/mcp', '/mcp-d1'],
    apiHandler: mcp,
    defaultHandler: { fetch: async () => new Response('Not found', { status: 404 }) },
    authorizeEndpoint: '/authorize',
    tokenEndpoint: '/token',
    resourceMetadata: { resource: origin },
    async resolveExternalToken({ token, request, env }) {
      if (!sameKey(token)) return null;
      if (new URL(request.url).pathname === '/mcp-d1') {
        await env.DB.prepare('SELECT 1 AS one').first();
      }
      return { props: { account: 'acct_min' }, audience: origin };
    },
  });
  providers.set(origin, provider);
  return provider;
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    return providerFor(new URL(request.url).origin).fetch(request, env, ctx);
  },
};
