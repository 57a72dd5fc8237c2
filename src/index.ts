// The Worker's entry point: door checks for /api/mcp, then OAuthProvider, which serves the
// OAuth endpoints and metadata itself, authenticates /api/mcp, and hands the rest to Hono.
import { appHandler } from './app';
import { readConfig } from './config';
import type { Env } from './env';
import { kvWithKeyLimit } from './lib/kv-keys';
import { log } from './lib/log';
import { unexpectedFailure } from './lib/unexpected';
import { checkDoor } from './mcp/door';
import { oauthProvider, OAUTH_PATHS } from './oauth/provider';
import { oauthRateLimited } from './oauth/rate-limit';
import { scheduled } from './scheduled';

const defaultHandler = appHandler;

// RFC 9728 §3 puts the metadata of /api/mcp at the path-inserted URL; clients that try the
// root one first (SPEC §2.2) get the same document.
const ROOT_RESOURCE_METADATA = '/.well-known/oauth-protected-resource';

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const started = Date.now();
    // KV keys the OAuth library builds from request input may pass KV's limit (src/lib/kv-keys).
    env = { ...env, OAUTH_KV: kvWithKeyLimit(env.OAUTH_KV) };
    const url = new URL(request.url);
    let response: Response;
    // An exception no handler caught still gets a clean answer in its surface's error shape.
    try {
      const config = readConfig(env);
      if (url.pathname === OAUTH_PATHS.mcp) {
        response =
          checkDoor(request, config) ??
          (await oauthProvider(config, defaultHandler).fetch(request, env, ctx));
      } else if (url.pathname === ROOT_RESOURCE_METADATA) {
        const target = new URL(`${ROOT_RESOURCE_METADATA}${OAUTH_PATHS.mcp}`, url);
        response = await oauthProvider(config, defaultHandler).fetch(
          new Request(target, request),
          env,
          ctx,
        );
      } else {
        // Per-address limits on registration and token requests, before the library's work.
        response =
          (await oauthRateLimited(request, env)) ??
          (await oauthProvider(config, defaultHandler).fetch(request, env, ctx));
      }
    } catch (error) {
      response = unexpectedFailure(request, error);
    }

    // One line per request; never the query string (OAuth routes carry codes and state in it).
    log('info', 'request', {
      method: request.method,
      path: url.pathname,
      status: response.status,
      ms: Date.now() - started,
    });
    return response;
  },
  // Cron Triggers (wrangler.toml): the hourly allowance renewal and housekeeping.
  scheduled,
} satisfies ExportedHandler<Env>;
export { RunWorkflow } from './runs/workflow';
