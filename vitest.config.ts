// Tests run inside workerd with the Worker's real bindings: local D1 (migrations applied by
// test/setup.ts) and KV, isolated per test file.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          PUBLIC_ORIGIN: 'http://localhost:8787',
          ADMIN_TOKEN: 'test-admin-token-0123456789abcdef0123456789',
          // Most tests provision many accounts from one (absent) address: limits off, except
          // where a test turns them on (test/rate-limits.test.ts).
          RATE_LIMITS: 'off',
          // Remembered consent is on in tests (no .dev.vars needed).
          CONSENT_SECRET: 'test-consent-secret-0123456789abcdef0123456789',
          TEST_MIGRATIONS: await readD1Migrations(
            fileURLToPath(new URL('./migrations', import.meta.url)),
          ),
        },
      },
    })),
  ],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**'],
    setupFiles: ['./test/setup.ts'],
    // Landing pages for visual-mode runs, and the local Chromium behind the BROWSER binding.
    globalSetup: ['./test/e2e/fixture-pages.ts'],
    // The Worker logs a JSON line per request; show it only for failing tests.
    silent: 'passed-only',
  },
});
