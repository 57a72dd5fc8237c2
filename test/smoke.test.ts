import { SELF } from 'cloudflare:test';
import { expect, it } from 'vitest';

it('answers an unauthenticated MCP call with a 401 challenge', async () => {
  const response = await SELF.fetch('http://localhost:8787/api/mcp', {
    method: 'POST',
    body: '{}',
  });
  expect(response.status).toBe(401);
  console.log(response.headers.get('WWW-Authenticate'));
});
