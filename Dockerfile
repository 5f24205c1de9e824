# syntax=docker/dockerfile:1
# Custos production image: Next.js standalone server on Debian slim (glibc, for argon2's prebuilt binary).

# Node 22+: argon2's prebuilt binary declares N-API 10, which Node 20 lacks (Node 20 crashes loading it
# and npm would try to compile argon2 from source, which needs python3/make/g++ not present in slim).
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- deps: install every dependency (dev ones are needed to build) ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json* ./
# `npm install`, not `npm ci`: the lockfile may lack this platform's optional native binaries.
RUN npm install --no-audit --no-fund

# ---- build: next build with output: 'standalone' ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# public/ may be empty (and so absent from a git checkout); the runner copies it either way.
RUN mkdir -p public && npm run build

# ---- runner: only the traced standalone output ----
FROM ${NODE_IMAGE} AS runner
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0 NEXT_TELEMETRY_DISABLED=1

RUN groupadd --system --gid 1001 nodejs \
 && useradd --system --uid 1001 --gid nodejs --no-create-home nextjs \
 && mkdir -p /app/.data \
 && chown nextjs:nodejs /app/.data

COPY --from=build --chown=nextjs:nodejs /app/.next/standalone ./
COPY --from=build --chown=nextjs:nodejs /app/.next/static ./.next/static
COPY --from=build --chown=nextjs:nodejs /app/public ./public
# The trace keeps only argon2's prebuilds/; copy the whole package so a binary compiled at install
# time (build/Release, used when the prebuild does not load) is there too. About 1.5 MB.
COPY --from=build --chown=nextjs:nodejs /app/node_modules/argon2 ./node_modules/argon2
# Migrations, read from ./drizzle at start-up when MIGRATE_ON_START=1 (or with the embedded database).
COPY --from=build --chown=nextjs:nodejs /app/drizzle ./drizzle

USER nextjs
# Without DATABASE_URL the embedded PGlite database lives in /app/.data (mount a volume there to keep it).
EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]

# The server also runs every background job on its job engine — serial generation, mail delivery, webhook delivery and
# the scheduled housekeeping (lib/jobs/queues.ts, lib/jobs/schedules.ts): pg-boss in the same database (schema pgboss).
# Several replicas may run it; each job runs once. JOBS_ENABLED=0 turns it off, for worker replicas of this same image
# to take the jobs: `node worker.cjs` (scripts/worker.ts bundled by the build; no HTTP server, PostgreSQL only; see the
# worker service of docker-compose.yml). `docker stop` sends SIGTERM: the server finishes its requests, a worker lets
# a running job finish for up to 8 s, and neither takes a new job (a job cut short by the exit is retried later; every
# job continues from what its row has stored).
STOPSIGNAL SIGTERM
CMD ["node", "server.js"]
