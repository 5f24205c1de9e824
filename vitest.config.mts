import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm test`: unit tests, then integration tests against a real database — PGlite (in memory, from a
// migrated snapshot) by default, or DATABASE_URL when set. Browser tests have their own config.
const alias = { '@': path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // next-auth imports `next/server` without an extension, which Node's ESM loader cannot resolve.
          server: { deps: { inline: ['next-auth'] } },
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: ['tests/support/setup-db.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
