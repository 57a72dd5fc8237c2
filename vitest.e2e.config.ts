// Browser tests (test/e2e): plain Node, not workerd. Each file starts the real dev server and
// Debian's Chromium, so files run one at a time with generous timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
