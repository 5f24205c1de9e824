import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the production build (`npm run build` first) against a PostgreSQL, a Redis, an Upstash
// REST stand-in and a Resend stand-in that each test file starts for itself and then stops, crashes or breaks.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/faults/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
