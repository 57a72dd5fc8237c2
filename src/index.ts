// The Worker's entry point: door checks for /api/mcp, then OAuthProvider, which serves the
// OAuth endpoints and metadata itself, authenticates /api/mcp, and hands the rest to Hono.
import { app } from './app';
import { readConfig } from './config';
import type { Env } from './env';
import { log } from './lib/log';
import { checkDoor } from './mcp/door';
import { oauthProvider, OAUTH_PATHS } from './oauth/provider';
import { scheduled } from './scheduled';

const defaultHandler = {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
    Promise.resolve(app.fetch(request, env, ctx)),
};

// RFC 9728 §3 puts the metadata of /api/mcp at the path-inserted URL; clients that try the
// root one first (SPEC §2.2) get the same document.
const ROOT_RESOURCE_METADATA = '/.well-known/oauth-protected-resource';

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const started = Date.now();
    const url = new URL(request.url);
    const config = readConfig(env);
    let response: Response;

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
      response = await oauthProvider(config, defaultHandler).fetch(request, env, ctx);
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
  // Cron Triggers (wrangler.toml): the hourly allowance renewal.
  scheduled,
} satisfies ExportedHandler<Env>;
export { RunWorkflow } from './runs/workflow';
