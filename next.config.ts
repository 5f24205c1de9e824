import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  experimental: {
    // proxy.ts runs on every request, so Next buffers request bodies for it and silently cuts them at this size
    // (default 10 MB). Attachments may be 10 MiB plus their multipart envelope (lib/http/upload-route.ts);
    // one byte more, so an oversized body still reaches the route too large and is refused with 413.
    proxyClientMaxBodySize: 10 * 1024 * 1024 + 64 * 1024 + 1,
  },
  // Loaded from node_modules at run time rather than bundled: native addons, WASM and worker-based loggers, and
  // oidc-provider (a koa application meant to run as published).
  serverExternalPackages: ['@electric-sql/pglite', 'argon2', 'pino', 'postgres', 'oidc-provider'],
  // Keys are globs over route paths (so `[segment]` must not appear: it is a character class).
  outputFileTracingIncludes: {
    // The interactive API docs serve Swagger UI's files from the app itself (no CDN).
    '/api/docs/**': ['./node_modules/swagger-ui-dist/swagger-ui-bundle.js', './node_modules/swagger-ui-dist/swagger-ui.css'],
    // Migrations run at start (embedded database or MIGRATE_ON_START=1).
    '/**': ['./drizzle/**/*', './node_modules/argon2/build/Release/argon2.node'],
  },
};

export default nextConfig;
