// The door of /api/mcp (SPEC §4, §2.2): Origin, protocol version, method, body size and JSON are
// checked and answered cleanly, and an unauthenticated caller is pointed at the metadata.
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { MCP_URL, mcpPost, ORIGIN, provision, type Provisioned } from './helpers';

const FOREIGN_ORIGIN = 'https://evil.example';
const LIST = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };
const ONE_MIB = 1024 * 1024;
const RESOURCE_METADATA = `${ORIGIN}/.well-known/oauth-protected-resource/api/mcp`;

let owner: Provisioned;
beforeAll(async () => {
  owner = await provision();
});

/** A credentialed wildcard would let any site read responses with the caller's credentials. */
function expectNoCredentialedWildcard(response: Response): void {
  const allowOrigin = response.headers.get('Access-Control-Allow-Origin');
  const allowCredentials = response.headers.get('Access-Control-Allow-Credentials');
  expect(allowOrigin === '*' && allowCredentials === 'true').toBe(false);
  expect(allowCredentials).toBeNull();
}

describe('the Origin check', () => {
  it('refuses a foreign Origin with 403 and a JSON-RPC error, even without a token', async () => {
    const response = await mcpPost(LIST, { headers: { Origin: FOREIGN_ORIGIN } });
    expect(response.status).toBe(403);
    expect(response.headers.get('Content-Type')).toContain('application/json');
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      error: {
        code: -32000,
        message: 'Forbidden: this Origin may not call the Polis MCP endpoint.',
      },
      id: null,
    });
  });

  it('refuses a foreign Origin with 403 even with a valid API key', async () => {
    const response = await mcpPost(LIST, {
      token: owner.api_key,
      headers: { Origin: FOREIGN_ORIGIN },
    });
    expect(response.status).toBe(403);
    expect((await response.json<{ id: unknown }>()).id).toBeNull();
  });

  it('refuses a preflight from a foreign Origin with 403', async () => {
    const response = await SELF.fetch(MCP_URL, {
      method: 'OPTIONS',
      headers: { Origin: FOREIGN_ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('lets the public origin through and answers with CORS headers for it', async () => {
    const response = await mcpPost(LIST, { token: owner.api_key, headers: { Origin: ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(response.headers.get('Vary')).toContain('Origin');
    expect(response.headers.get('Access-Control-Expose-Headers')).toContain('WWW-Authenticate');
    expectNoCredentialedWildcard(response);
    const body = await response.json<{ result: { tools: unknown[] } }>();
    expect(body.result.tools).toHaveLength(8);
  });

  it('answers a preflight from the public origin with 204 and CORS headers', async () => {
    const response = await SELF.fetch(MCP_URL, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type, mcp-protocol-version',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(response.headers.get('Access-Control-Allow-Methods')).toContain('POST');
    const allowed = response.headers.get('Access-Control-Allow-Headers')!.toLowerCase();
    for (const header of ['authorization', 'content-type', 'mcp-protocol-version']) {
      expect(allowed).toContain(header);
    }
    expectNoCredentialedWildcard(response);
  });

  it('lets a browser at the public origin read a 401 challenge too, via CORS headers', async () => {
    const response = await mcpPost(LIST, { headers: { Origin: ORIGIN } });
    expect(response.status).toBe(401);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(response.headers.get('Access-Control-Expose-Headers')).toContain('WWW-Authenticate');
    expectNoCredentialedWildcard(response);
  });

  it('accepts a request without Origin and sends no CORS headers', async () => {
    const response = await mcpPost(LIST, { token: owner.api_key });
    expect(response.status).toBe(200);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('the MCP-Protocol-Version check', () => {
  it.each(['2024-11-05', 'garbage', '2025-11-26'])(
    'refuses MCP-Protocol-Version %j with 400 and a JSON-RPC error',
    async (version) => {
      const response = await mcpPost(LIST, {
        token: owner.api_key,
        headers: { 'MCP-Protocol-Version': version },
      });
      expect(response.status).toBe(400);
      const body = await response.json<{ jsonrpc: string; id: unknown; error: any }>();
      expect(body.jsonrpc).toBe('2.0');
      expect(body.id).toBeNull();
      expect(body.error.code).toBe(-32000);
      expect(body.error.message).toBe(
        `Bad Request: unsupported MCP-Protocol-Version "${version}"; ` +
          'supported: 2025-11-25, 2025-06-18, 2025-03-26.',
      );
    },
  );

  it('refuses an unsupported version before authentication', async () => {
    const response = await mcpPost(LIST, { headers: { 'MCP-Protocol-Version': '2024-11-05' } });
    expect(response.status).toBe(400);
  });

  it.each(['2025-11-25', '2025-06-18', '2025-03-26'])(
    'accepts MCP-Protocol-Version %s',
    async (version) => {
      const response = await mcpPost(LIST, {
        token: owner.api_key,
        headers: { 'MCP-Protocol-Version': version },
      });
      expect(response.status).toBe(200);
      const body = await response.json<{ result: { tools: unknown[] } }>();
      expect(body.result.tools).toHaveLength(8);
    },
  );

  it('accepts a request without MCP-Protocol-Version', async () => {
    const response = await SELF.fetch(MCP_URL, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        Authorization: `Bearer ${owner.api_key}`,
      },
      body: JSON.stringify(LIST),
    });
    expect(response.status).toBe(200);
    const body = await response.json<{ result: { tools: unknown[] } }>();
    expect(body.result.tools).toHaveLength(8);
  });
});

describe('methods other than POST', () => {
  it.each(['GET', 'DELETE'])('answers %s with 405 and Allow', async (method) => {
    const response = await SELF.fetch(MCP_URL, {
      method,
      headers: { Authorization: `Bearer ${owner.api_key}`, Accept: 'text/event-stream' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('POST, OPTIONS');
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Method not allowed: send JSON-RPC with POST.' },
      id: null,
    });
  });

  it('answers GET with 405 without a token as well', async () => {
    const response = await SELF.fetch(MCP_URL);
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('POST, OPTIONS');
  });
});

describe('the body limit', () => {
  const tooLarge = JSON.stringify({ ...LIST, params: { pad: 'x'.repeat(ONE_MIB) } });
  const payloadTooLarge = {
    jsonrpc: '2.0',
    error: { code: -32000, message: `Payload too large: the limit is ${ONE_MIB} bytes.` },
    id: null,
  };

  it('answers 413 to a body over 1 MiB with honest Content-Length, without a token', async () => {
    const response = await mcpPost(tooLarge);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(payloadTooLarge);
  });

  it('answers a body over 1 MiB with an honest Content-Length with 413, with a token', async () => {
    const response = await mcpPost(tooLarge, { token: owner.api_key });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(payloadTooLarge);
  });

  it('answers a streamed body over 1 MiB without Content-Length with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > ONE_MIB + chunk.byteLength) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new Request(MCP_URL, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'MCP-Protocol-Version': '2025-11-25',
        Authorization: `Bearer ${owner.api_key}`,
      },
      body,
      // @ts-expect-error: `duplex` is required by fetch for a streamed body but not typed here
      duplex: 'half',
    });
    expect(request.headers.get('Content-Length')).toBeNull();
    const response = await SELF.fetch(request);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(payloadTooLarge);
  });

  it('accepts a body just under 1 MiB', async () => {
    const padding = ONE_MIB - JSON.stringify({ ...LIST, params: { _meta: { pad: '' } } }).length;
    const body = JSON.stringify({ ...LIST, params: { _meta: { pad: 'x'.repeat(padding) } } });
    expect(body.length).toBe(ONE_MIB);
    const response = await mcpPost(body, { token: owner.api_key });
    expect(response.status).toBe(200);
  });
});

describe('malformed JSON', () => {
  it.each(['{"jsonrpc": "2.0", "id": 1,', 'not json', ''])(
    'answers body %j with 400 and JSON-RPC parse error -32700',
    async (text) => {
      const response = await mcpPost(text, { token: owner.api_key });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        jsonrpc: '2.0',
        error: { code: -32700, message: 'Parse error: the body is not valid JSON.' },
        id: null,
      });
    },
  );
});

describe('authentication at the door', () => {
  it('gives an unauthenticated call 401 and a challenge naming the resource metadata', async () => {
    const response = await mcpPost(LIST);
    expect(response.status).toBe(401);
    const challenge = response.headers.get('WWW-Authenticate')!;
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain(`resource_metadata="${RESOURCE_METADATA}"`);
    expect(challenge).not.toContain('error=');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    // RFC 6750 §3.1: a request without credentials gets no error code, and here no body.
    expect(await response.text()).toBe('');
  });

  it('answers a garbage bearer with 401 error="invalid_token"', async () => {
    const response = await mcpPost(LIST, { token: 'garbage-token' });
    expect(response.status).toBe(401);
    const challenge = response.headers.get('WWW-Authenticate')!;
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toContain(`resource_metadata="${RESOURCE_METADATA}"`);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: 'Invalid access token',
    });
  });

  it.each(['access_token', 'api_key', 'token'])(
    'ignores a valid key sent in the query string as %s',
    async (name) => {
      const url = `${MCP_URL}?${name}=${encodeURIComponent(owner.api_key)}`;
      const response = await SELF.fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          'MCP-Protocol-Version': '2025-11-25',
        },
        body: JSON.stringify(LIST),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('WWW-Authenticate')).not.toContain('error=');
    },
  );

  it('ignores a valid key sent as an access_token form field', async () => {
    const response = await SELF.fetch(MCP_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: owner.api_key }),
    });
    expect(response.status).toBe(401);
  });
});
