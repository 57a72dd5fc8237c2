// The benchmarks run under Vitest in plain Node (it compiles the TypeScript), one file at a
// time. They are not tests: `npm run bench` and `npm run bench:runs` run them on purpose.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bench/**/*.run.ts'],
    environment: 'node',
    testTimeout: 15 * 60 * 1000,
    hookTimeout: 3 * 60 * 1000,
    fileParallelism: false,
  },
});
