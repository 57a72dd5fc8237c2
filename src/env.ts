// The bindings and variables the Worker receives (wrangler.toml, .dev.vars, secrets).
import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';

export interface Env {
  DB: D1Database;
  OAUTH_KV: KVNamespace;
  /** One Workflow instance per persona run (src/runs/workflow.ts). */
  RUNS: Workflow<{ runId: string }>;
  /** Browser Rendering, for url runs in visual mode (locally: wrangler drives a local Chromium). */
  BROWSER?: Fetcher;
  /** Injected by OAuthProvider before it calls our handlers. */
  OAUTH_PROVIDER: OAuthHelpers;
  /** Cloudflare Email Service (`send_email` binding) for sign-in codes; unset: codes are logged. */
  EMAIL?: SendEmail;

  /**
   * Rate limiters (wrangler.toml `[[ratelimits]]`, SPEC §3): per client address on provisioning,
   * registration, authorization, token and sign-in; per account on /api/mcp. Unbound: no limit.
   */
  PROVISION_LIMITER?: RateLimit;
  REGISTER_LIMITER?: RateLimit;
  AUTHORIZE_LIMITER?: RateLimit;
  TOKEN_LIMITER?: RateLimit;
  SIGN_IN_LIMITER?: RateLimit;
  MCP_LIMITER?: RateLimit;
  /** "off" turns every rate limit off (load tests on loopback); anything else leaves them on. */
  RATE_LIMITS?: string;

  PUBLIC_ORIGIN?: string;
  ALLOWED_ORIGINS?: string;
  /** Secret. Unset: every /admin path answers 404. */
  ADMIN_TOKEN?: string;
  /** The sender of sign-in codes, e.g. "Polis <sign-in@polis.sh>"; needed with EMAIL. */
  MAIL_FROM?: string;
  /** Secret, 32+ characters, signing remembered consent. Unset: consent is never remembered. */
  CONSENT_SECRET?: string;
  /** Secrets. Both unset (local development): the paying tools answer payments_unavailable. */
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  /** Stripe's API origin; default https://api.stripe.com (tests point it at a stand-in). */
  STRIPE_API_BASE?: string;

  /** Which persona engine runs: `heuristic` (default), `workers-ai` or `openai`. */
  ENGINE?: string;
  /** Workers AI, for ENGINE=workers-ai (`[ai] binding = "AI"`); absent locally. */
  AI?: Ai;
  /** A Workers AI text model with JSON mode; default in src/runs/engines/index.ts. */
  WORKERS_AI_MODEL?: string;
  /** For ENGINE=openai: an OpenAI-compatible API root, e.g. https://api.openai.com/v1. */
  OPENAI_BASE_URL?: string;
  OPENAI_MODEL?: string;
  /** Secret, for ENGINE=openai. */
  OPENAI_API_KEY?: string;
}
