// Applies the D1 migrations before each test file (idempotent: applied ones are skipped).
import { applyD1Migrations, env, type D1Migration } from 'cloudflare:test';

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      OAUTH_KV: KVNamespace;
      TEST_MIGRATIONS: D1Migration[];
      PUBLIC_ORIGIN: string;
      ADMIN_TOKEN: string;
      RUNS: Workflow<{ runId: string }>;
      BROWSER: Fetcher;
    }
  }
}

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
