import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: Debian Chromium (playwright-core) against the production build (`npm run build` first).
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
