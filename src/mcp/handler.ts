// /api/mcp after authentication: find the account, enforce scopes, and hand the JSON-RPC
// message to a fresh stateless MCP server.
import { insufficientScope, type OAuthResourceContext } from '@cloudflare/workers-oauth-provider';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { recordKeyUse } from '../auth/api-keys';
import { readConfig } from '../config';
import type { Env } from '../env';
import { readTextCapped } from '../lib/json-errors';
import { log, newRequestId } from '../lib/log';
import { noteConnectionUse } from '../oauth/connection-usage';
import { SCOPES } from '../oauth/scopes';
import type { Balance } from '../billing/charge';
import { usageOf } from '../billing/usage';
import { findAccountState, type Account } from '../storage/accounts';
import { corsHeaders, jsonRpcError, MAX_BODY_BYTES } from './door';
import { accountOverLimit, mcpRateLimited } from './rate-limit';
import { toolFailure, ToolError } from './result';
import { createMcpServer } from './server';
import { SPENDING_TOOLS } from './tools';

/** What a credential resolves to: OAuth grants store `{ accountId }`; API keys bring more. */
export type AuthProps =
  | { via: 'oauth'; accountId: string }
  | {
      via: 'api_key';
      accountId: string;
      apiKeyId: string;
      account: Account;
      balance: Balance;
      subscriptionStatus: string | null;
      lastUsedDue: boolean;
    };

export const mcpApiHandler = {
  async fetch(request: Request, env: Env, ctx: OAuthResourceContext<AuthProps>): Promise<Response> {
    const config = readConfig(env);
    const cors = corsHeaders(request.headers.get('Origin'), config);
    const props = ctx.props;

    // One D1 query either way: the API-key lookup already joined the account and balance.
    const state =
      props.via === 'api_key'
        ? {
            account: props.account,
            balance: props.balance,
            subscriptionStatus: props.subscriptionStatus,
          }
        : await findAccountState(env.DB, props.accountId);
    if (!state || state.account.status !== 'active') {
      // A grant outliving its account, or a suspended account: the credential no longer works.
      return withHeaders(invalidToken(config.origin, 'The account is not active'), cors);
    }
    // SPEC §3: a per-account limit, counted before any other work for the request.
    if (await accountOverLimit(env, state.account.id)) {
      const usage = usageOf(state.account, state.balance);
      return withHeaders(await mcpRateLimited(request, usage), cors);
    }

    if (props.via === 'api_key' && props.lastUsedDue) {
      // After the answer; a failed stamp is retried on the next use, never an uncaught error.
      const stamp = recordKeyUse(env.DB, props.apiKeyId).catch((error: unknown) =>
        log('warn', 'api_key.last_used_failed', { error: String(error).slice(0, 200) }),
      );
      ctx.waitUntil(stamp);
    }
    if (props.via === 'oauth')
      noteConnectionUse(env, ctx, ctx.auth.token.split(':')[1], props.accountId);

    const text = await readTextCapped(request, MAX_BODY_BYTES);
    if (text === null) {
      return jsonRpcError(
        413,
        -32000,
        `Payload too large: the limit is ${MAX_BODY_BYTES} bytes.`,
        cors,
      );
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return jsonRpcError(400, -32700, 'Parse error: the body is not valid JSON.', cors);
    }

    // API keys hold every scope (SPEC §2.2); OAuth tokens hold what the person approved.
    const granted: string[] = props.via === 'api_key' ? [...SCOPES.all] : ctx.auth.scope;
    const needed = scopesNeeded(message);
    if (!needed.every((scope) => granted.includes(scope))) {
      return withHeaders(insufficientScope(ctx.auth, needed), cors);
    }

    // The SDK refuses non-object `arguments` with an internal error; it is the caller's input.
    const malformed = malformedToolCall(message);
    if (malformed) {
      const failure = toolFailure(
        new ToolError('invalid_input', 'arguments must be a JSON object', 'arguments'),
        usageOf(state.account, state.balance),
      );
      return withHeaders(
        Response.json({ jsonrpc: '2.0', id: malformed.id, result: failure }),
        cors,
      );
    }

    const server = createMcpServer({
      env,
      config,
      account: state.account,
      balance: state.balance,
      subscriptionStatus: state.subscriptionStatus,
      via: props.via,
      requestId: newRequestId(),
      waitUntil: (work) => ctx.waitUntil(work),
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    const response = await transport.handleRequest(request, {
      parsedBody: message,
      authInfo: {
        token: ctx.auth.token,
        clientId: ctx.auth.clientId ?? 'api_key',
        scopes: granted,
      },
    });
    return withHeaders(response, cors);
  },
};

/** Every call needs polis:read; a call to a spending tool needs polis:run as well. */
function scopesNeeded(message: unknown): string[] {
  const messages = Array.isArray(message) ? message : [message];
  const spends = messages.some(
    (item) =>
      isRecord(item) &&
      item.method === 'tools/call' &&
      isRecord(item.params) &&
      typeof item.params.name === 'string' &&
      SPENDING_TOOLS.has(item.params.name),
  );
  return spends ? [SCOPES.read, SCOPES.run] : [SCOPES.read];
}

/** A single tools/call request whose `arguments` is present but not an object. */
function malformedToolCall(message: unknown): { id: unknown } | null {
  if (!isRecord(message) || message.method !== 'tools/call' || !isRecord(message.params))
    return null;
  const args = message.params.arguments;
  if (args === undefined || (isRecord(args) && !Array.isArray(args))) return null;
  // Only a request with a valid id (JSON-RPC 2.0 §4) gets a result; the SDK refuses the rest.
  const { id } = message;
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) return null;
  return { id };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function invalidToken(origin: string, description: string): Response {
  const metadata = `${origin}/.well-known/oauth-protected-resource/api/mcp`;
  return new Response(JSON.stringify({ error: 'invalid_token', error_description: description }), {
    status: 401,
    headers: {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      'WWW-Authenticate':
        `Bearer realm="OAuth", error="invalid_token", error_description="${description}", ` +
        `resource_metadata="${metadata}"`,
    },
  });
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  if (Object.keys(headers).length === 0) return response;
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(headers)) out.headers.set(name, value);
  return out;
}
