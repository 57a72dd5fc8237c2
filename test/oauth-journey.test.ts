// The whole connector journey over HTTP, as Claude.ai or ChatGPT walk it.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  adminFetch,
  callTool,
  connectWithOAuth,
  MCP_URL,
  mcpPost,
  ORIGIN,
  provision,
  rpc,
  tokenRequest,
} from './helpers';

describe('the OAuth connector journey', () => {
  it(
    'goes from a 401 challenge through discovery, registration, consent and tokens ' +
      'to tool calls, refresh and revocation',
    async () => {
      const owner = await provision();

      // 1. The unauthenticated call names the resource metadata.
      const challenge = await mcpPost({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
      expect(challenge.status).toBe(401);
      const header = challenge.headers.get('WWW-Authenticate')!;
      expect(header).toMatch(/^Bearer /);
      expect(header).not.toContain('error=');
      const metadataUrl = /resource_metadata="([^"]+)"/.exec(header)![1]!;
      expect(metadataUrl).toBe(`${ORIGIN}/.well-known/oauth-protected-resource/api/mcp`);

      // 2. Resource metadata → authorization server metadata.
      const resource = await (await SELF.fetch(metadataUrl)).json<Record<string, unknown>>();
      expect(resource.resource).toBe(MCP_URL);
      expect(resource.authorization_servers).toEqual([ORIGIN]);
      const server = await (
        await SELF.fetch(`${ORIGIN}/.well-known/oauth-authorization-server`)
      ).json<Record<string, unknown>>();
      expect(server.issuer).toBe(ORIGIN);
      expect(server.authorization_endpoint).toBe(`${ORIGIN}/oauth/authorize`);
      expect(server.token_endpoint).toBe(`${ORIGIN}/api/oauth/token`);
      expect(server.registration_endpoint).toBe(`${ORIGIN}/api/oauth/register`);
      expect(server.code_challenge_methods_supported).toEqual(['S256']);
      expect(server.scopes_supported).toEqual(['polis:read', 'polis:run']);
      expect(server.client_id_metadata_document_supported).toBe(true);

      // 3–5. Registration, sign-in and consent in a browser, code for tokens.
      const { tokens, client } = await connectWithOAuth(owner.api_key);
      expect(tokens.token_type.toLowerCase()).toBe('bearer');
      expect(tokens.expires_in).toBe(3600);
      expect(tokens.scope.split(' ').sort()).toEqual(['polis:read', 'polis:run']);

      // 6. MCP with the access token.
      const init = await rpc(tokens.access_token, 'initialize', {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'journey-test', version: '1.0.0' },
      });
      expect(init.result.serverInfo.name).toBe('polis');
      const list = await rpc(tokens.access_token, 'tools/list');
      expect(list.result.tools.map((tool: { name: string }) => tool.name)).toEqual([
        'polis_account',
        'polis_estimate',
        'polis_test',
        'polis_status',
        'polis_report',
        'polis_ask',
        'polis_thread',
        'polis_topup',
      ]);
      const account = await callTool(tokens.access_token, 'polis_account');
      expect(account.isError).toBe(false);
      expect(account.data.account_id).toBe(owner.account_id);
      expect(account.data.email).toBe(owner.email);
      expect(account.data._usage.plan).toBe('trial');

      // 7. Refresh rotates the refresh token; the new access token works.
      const refreshed = await tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: client.client_id,
      });
      expect(refreshed.status).toBe(200);
      const next = await refreshed.json<{ access_token: string; refresh_token: string }>();
      expect(next.refresh_token).not.toBe(tokens.refresh_token);
      expect((await callTool(next.access_token, 'polis_account')).data.account_id).toBe(
        owner.account_id,
      );

      // 8. The operator revokes the connection: the next call is refused.
      const details = await (await adminFetch(`/accounts/${owner.account_id}`)).json<any>();
      expect(details.connections).toHaveLength(1);
      expect(details.connections[0].client_id).toBe(client.client_id);
      expect(details.connections[0].client_name).toBe('Test Connector');
      const revoke = await adminFetch(
        `/accounts/${owner.account_id}/connections/${details.connections[0].grant_id}/revoke`,
        { method: 'POST', body: JSON.stringify({ reason: 'journey test' }) },
      );
      expect(revoke.status).toBe(200);
      const after = await mcpPost(
        { jsonrpc: '2.0', id: 9, method: 'tools/list', params: {} },
        { token: next.access_token },
      );
      expect(after.status).toBe(401);
      expect(after.headers.get('WWW-Authenticate')).toContain('error="invalid_token"');
      const reuse = await tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: next.refresh_token,
        client_id: client.client_id,
      });
      expect(reuse.status).toBe(400);
      expect((await reuse.json<{ error: string }>()).error).toBe('invalid_grant');
    },
  );

  it('revokes a token through RFC 7009 at the token endpoint', async () => {
    const owner = await provision();
    const { tokens, client } = await connectWithOAuth(owner.api_key);
    const revoked = await SELF.fetch(`${ORIGIN}/api/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token, client_id: client.client_id }),
    });
    expect(revoked.status).toBe(200);
    const after = await mcpPost(
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
      { token: tokens.access_token },
    );
    expect(after.status).toBe(401);
  });

  it('reaches the same account with an OAuth token and with the API key', async () => {
    const owner = await provision();
    const { tokens } = await connectWithOAuth(owner.api_key);
    const viaOAuth = await callTool(tokens.access_token, 'polis_account');
    const viaKey = await callTool(owner.api_key, 'polis_account');
    expect(viaOAuth.data.account_id).toBe(viaKey.data.account_id);
    expect(viaOAuth.data._usage).toEqual(viaKey.data._usage);
  });
});
