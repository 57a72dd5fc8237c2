// The bindings and variables the Worker receives (wrangler.toml, .dev.vars, secrets).
import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';

export interface Env {
  DB: D1Database;
  OAUTH_KV: KVNamespace;
  /** Injected by OAuthProvider before it calls our handlers. */
  OAUTH_PROVIDER: OAuthHelpers;

  PUBLIC_ORIGIN?: string;
  ALLOWED_ORIGINS?: string;
  /** Secret. Unset: every /admin path answers 404. */
  ADMIN_TOKEN?: string;
  /** Secrets. Both unset (local development): the paying tools answer payments_unavailable. */
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
}
