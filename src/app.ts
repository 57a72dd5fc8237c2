// Routes outside the OAuth library's own endpoints and /api/mcp: the people's pages, the
// authorize page, provisioning, admin. OAuthProvider passes every such request here.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { provision, startScript } from './accounts/provision';
import { admin } from './admin/routes';
import { signIn, signOut } from './auth/sign-in';
import { paymentsConfigured } from './billing/payment-options';
import { billingRoutes } from './billing/routes';
import { readConfig } from './config';
import { docsRoutes } from './docs/routes';
import type { Env } from './env';
import { addressLimits } from './lib/address-limits';
import { jsonError } from './lib/json-errors';
import { log } from './lib/log';
import { showAuthorize, submitAuthorize } from './oauth/authorize';
import { isPeoplePath, pageFailed, pageNotFound } from './web/routes/errors';
import { formsFromHere } from './web/routes/guard';
import { people } from './web/routes/people';
import { STYLESHEET } from './web/stylesheet';

export const app = new Hono<{ Bindings: Env }>();

// Per-address rate limits (SPEC §3) on provisioning, authorization and sign-in, before any work.
app.use(addressLimits);

// Form posts must come from our own pages (login CSRF, forged consent, forged revocations):
// Origin or Sec-Fetch-Site must say so.
for (const path of ['/oauth/authorize', '/sign-in', '/sign-in/*', '/sign-out', '/app/*']) {
  app.use(path, formsFromHere);
}

app.get('/oauth/authorize', showAuthorize);
app.post('/oauth/authorize', submitAuthorize);
app.post('/sign-in', signIn);
app.post('/sign-out', signOut);
// The sign-in page, /app and its forms.
app.route('/', people);

app.post('/api/provision', (c) =>
  provision(c.req.raw, c.env.DB, readConfig(c.env), paymentsConfigured(c.env)),
);
app.get('/start', (c) => startScript(readConfig(c.env)));

app.route('/admin', admin);
// Pay links, plan checkout, Stripe's return pages and webhook (/pay, /app/billing, /billing,
// /api/stripe/webhook).
app.route('/', billingRoutes);

app.get(
  '/assets/polis.css',
  () =>
    new Response(STYLESHEET, {
      headers: {
        'Content-Type': 'text/css; charset=utf-8',
        'Cache-Control': 'public, max-age=3600',
      },
    }),
);

app.get('/', (c) => {
  const { origin, mcpUrl } = readConfig(c.env);
  return c.json({
    name: 'Polis',
    description: 'Persona testing for AI agents, over MCP.',
    mcp_url: mcpUrl,
    start: `curl -fsSL ${origin}/start | sh -s -- you@example.com`,
  });
});

app.route('/', docsRoutes);

app.notFound((c) =>
  isPeoplePath(new URL(c.req.url).pathname)
    ? pageNotFound()
    : jsonError(404, 'not_found', 'There is nothing at this path.'),
);

app.onError((error, c) => {
  // Refusals raised by middleware (hono/csrf answers 403 this way) are answers, not failures.
  if (error instanceof HTTPException) return error.getResponse();
  const requestId = crypto.randomUUID();
  log('error', 'request.failed', {
    request_id: requestId,
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  if (isPeoplePath(new URL(c.req.url).pathname)) return pageFailed(requestId);
  return jsonError(500, 'internal', `Polis hit an unexpected error. Request id: ${requestId}`);
});

/** The app as OAuthProvider's default handler (the Worker's fetch and the cron's OAuth sweep). */
export const appHandler = {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
    Promise.resolve(app.fetch(request, env, ctx)),
};
