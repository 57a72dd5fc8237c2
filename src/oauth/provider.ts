// The OAuth 2.1 authorization server and protected resource, built on WOP's OAuthProvider.
// Built once per public origin (the origin is configuration, and WOP fixes it at construction).
import {
  ExternalTokenError,
  OAuthProvider,
  type ClientRegistrationCallbackOptions,
  type ResolveExternalTokenInput,
} from '@cloudflare/workers-oauth-provider';
import { checkApiKey, looksLikeApiKey } from '../auth/api-keys';
import { readConfig, type Config } from '../config';
import type { Env } from '../env';
import { log } from '../lib/log';
import type { AuthProps } from '../mcp/handler';
import { mcpApiHandler } from '../mcp/handler';
import { SCOPES } from './scopes';

export const OAUTH_PATHS = {
  authorize: '/oauth/authorize',
  token: '/api/oauth/token',
  register: '/api/oauth/register',
  mcp: '/api/mcp',
} as const;

export const ACCESS_TOKEN_TTL = 60 * 60; // one hour (SPEC §2.2)
export const GRANT_TTL = 180 * 24 * 60 * 60; // a grant, and its refresh tokens, live 180 days
export const MAX_REDIRECT_URIS = 10;

type DefaultHandler = {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
};

let built: { origin: string; provider: OAuthProvider<Env> } | null = null;

export function oauthProvider(config: Config, defaultHandler: DefaultHandler): OAuthProvider<Env> {
  if (built?.origin === config.origin) return built.provider;
  const provider = new OAuthProvider<Env>({
    apiRoute: config.mcpUrl,
    apiHandler: mcpApiHandler as never,
    defaultHandler: defaultHandler as never,
    authorizeEndpoint: `${config.origin}${OAUTH_PATHS.authorize}`,
    tokenEndpoint: `${config.origin}${OAUTH_PATHS.token}`,
    clientRegistrationEndpoint: `${config.origin}${OAUTH_PATHS.register}`,
    scopesSupported: [...SCOPES.all],
    // Clients ask for what the 401 names. Polis exists to run tests, and common clients (the
    // MCP SDK 1.32 among them) cannot step up from a read-only grant, so the challenge names
    // both scopes; the consent page lets the person untick spending, and a read-only
    // connection that tries to spend still gets 403 insufficient_scope naming polis:run.
    requiredScopes: [...SCOPES.all],
    resourceMetadata: {
      resource: config.mcpUrl,
      authorization_servers: [config.origin],
      bearer_methods_supported: ['header'],
      resource_name: 'Polis',
    },
    accessTokenTTL: ACCESS_TOKEN_TTL,
    refreshTokenTTL: GRANT_TTL,
    clientIdMetadataDocumentEnabled: true,
    // Native clients (cursor://, vscode://) register private-use schemes; WOP still refuses
    // javascript:, data:, and http to anything but loopback.
    allowPrivateUseRedirectUris: true,
    clientRegistrationCallback: registrationPolicy,
    resolveExternalToken: resolveApiKey,
    onError({ code, status, internal }) {
      // The client sees a generic description; the log gets the exact failed check. `detail`
      // never carries a secret (WOP contract), but it can carry a caught error: keep its name.
      log('warn', 'oauth.error', {
        code,
        status,
        category: internal.category,
        reason: internal.reason,
        detail: summarize(internal.detail),
      });
    },
  });
  built = { origin: config.origin, provider };
  return provider;
}

/** API keys at /api/mcp: D1 is the authority, so a revoked key fails on the next request. */
async function resolveApiKey({ token, env }: ResolveExternalTokenInput<Env>) {
  if (!looksLikeApiKey(token)) return null;
  const check = await checkApiKey(env.DB, token);
  if (!check.ok) {
    if (check.reason === 'suspended') {
      throw new ExternalTokenError('invalid_token', {
        description: 'The account is not active',
        statusCode: 401,
      });
    }
    return null; // unknown and revoked keys get the same generic 401
  }
  const props: AuthProps = {
    via: 'api_key',
    accountId: check.account.id,
    apiKeyId: check.apiKeyId,
    account: check.account,
    balance: check.balance,
    subscriptionStatus: check.subscriptionStatus,
    lastUsedDue: check.lastUsedDue,
  };
  return { props, audience: readConfig(env).mcpUrl };
}

/** DCR is open to anyone: bound what one registration may store (SECURITY pitfall 12). */
async function registrationPolicy({ clientMetadata }: ClientRegistrationCallbackOptions) {
  const metadata = clientMetadata as Record<string, unknown>;
  const redirects = Array.isArray(metadata.redirect_uris) ? metadata.redirect_uris : [];
  // A URI is never padded: refuse whitespace and control characters outright rather than
  // store a string no authorization request can match exactly (SECURITY pitfall 2).
  if (redirects.some((uri) => typeof uri === 'string' && /[\s\u0000-\u001f\u007f]/.test(uri))) {
    return {
      code: 'invalid_redirect_uri',
      description: 'redirect_uris must not contain whitespace or control characters',
      status: 400,
    };
  }
  if (redirects.length > MAX_REDIRECT_URIS) {
    return {
      code: 'invalid_redirect_uri',
      description: `At most ${MAX_REDIRECT_URIS} redirect_uris may be registered`,
      status: 400,
    };
  }
  const name = metadata.client_name;
  if (typeof name === 'string' && name.length > 200) {
    return {
      code: 'invalid_client_metadata',
      description: 'client_name must be at most 200 characters',
      status: 400,
    };
  }
  return undefined;
}

function summarize(detail: unknown): unknown {
  if (detail instanceof Error) return `${detail.name}: ${detail.message}`;
  if (detail === undefined || detail === null) return undefined;
  if (typeof detail === 'object') return Object.keys(detail as object);
  return String(detail);
}
