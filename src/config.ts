// Configuration, read and validated once per distinct environment. A bad value fails loudly
// with a message that says how to fix it, instead of surfacing later as a confusing 500.
import { z } from 'zod';
import type { Env } from './env';

export interface Config {
  /** e.g. "https://polis.sh"; no trailing slash. */
  origin: string;
  /** The MCP endpoint, the OAuth protected resource: `${origin}/api/mcp`. */
  mcpUrl: string;
  /** Browser origins allowed to call /api/mcp (the public origin is always one). */
  allowedOrigins: ReadonlySet<string>;
  /** Unset when the admin routes are disabled. */
  adminToken: string | null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

const originSchema = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a URL` });
    return z.NEVER;
  }
  const secure = url.protocol === 'https:';
  const localHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (!secure && !localHttp) {
    ctx.addIssue({ code: 'custom', message: 'must be https (http only for loopback hosts)' });
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'must be a bare origin like https://polis.sh' });
  }
  return url.origin;
});

const envSchema = z.object({
  PUBLIC_ORIGIN: originSchema.default('http://localhost:8787'),
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(originSchema)),
  ADMIN_TOKEN: z
    .string()
    .optional()
    .transform((value) => (value && value.length > 0 ? value : null))
    .refine((value) => value === null || value.length >= 32, {
      message: 'must be at least 32 characters (try: openssl rand -hex 32)',
    }),
});

let cached: { key: string; config: Config } | null = null;

export function readConfig(env: Env): Config {
  const key = `${env.PUBLIC_ORIGIN}|${env.ALLOWED_ORIGINS}|${env.ADMIN_TOKEN ?? ''}`;
  if (cached?.key === key) return cached.config;

  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Polis configuration is invalid. ${problems.join('; ')}`);
  }
  const { PUBLIC_ORIGIN: origin, ALLOWED_ORIGINS, ADMIN_TOKEN } = parsed.data;
  const config: Config = {
    origin,
    mcpUrl: `${origin}/api/mcp`,
    allowedOrigins: new Set([origin, ...ALLOWED_ORIGINS]),
    adminToken: ADMIN_TOKEN,
  };
  cached = { key, config };
  return config;
}
