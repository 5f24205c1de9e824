import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Start the production build the way the Docker image runs it: `node server.js` in .next/standalone.
 * With DATABASE_URL (CI: a fresh PostgreSQL database) it migrates and seeds on start; without it the
 * server opens its own embedded PGlite in a temporary directory (which this test process must not open).
 */
export const E2E_AUTH_SECRET = 'e2e-secret-e2e-secret-e2e-secret-e2e';

export type RunningServer = { url: string; logs: string[]; stop: () => Promise<void>; process: ChildProcess };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  // E2E_STANDALONE_DIR: a copy of .next/standalone, so a test run is not disturbed by a rebuild beside it.
  const dir = path.resolve(process.env.E2E_STANDALONE_DIR ?? path.join(import.meta.dirname, '../../.next/standalone'));
  if (!existsSync(path.join(dir, 'server.js'))) {
    throw new Error('No production build: run `npm run build` before `npm run test:e2e`.');
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    AUTH_SECRET: E2E_AUTH_SECRET,
    APP_URL: url,
    LOG_LEVEL: 'warn',
    // Production requires a second factor for platform admins; browser tests sign in as the seeded root without one
    // unless they ask for the production default (mfa-sign-in tests pass PLATFORM_ADMIN_MFA: 'required').
    PLATFORM_ADMIN_MFA: 'optional',
    ...extraEnv,
  };
  // WebAuthn refuses an IP address as relying party: passkey tests pass APP_URL 'http://localhost:{port}' (the port filled in here)
  // and browse to env.APP_URL; localhost is a secure context, and it resolves to the 127.0.0.1 the server listens on.
  const appUrlWithPort = env.APP_URL.includes('{port}');
  if (appUrlWithPort) env.APP_URL = env.APP_URL.replace('{port}', String(port));
  if (extraEnv.DATABASE_URL) {
    // The caller's own database (the fault tests' private PostgreSQL), with MIGRATE_ON_START/SEED_ON_START as it says.
  } else if (process.env.DATABASE_URL && !extraEnv.PGLITE_DIR) {
    env.DATABASE_URL = process.env.DATABASE_URL;
    env.MIGRATE_ON_START = '1';
    env.SEED_ON_START = '1';
  } else {
    env.PGLITE_DIR ??= mkdtempSync(path.join(tmpdir(), 'custos-e2e-pglite-'));
  }
  const child = spawn(process.execPath, ['server.js'], { cwd: dir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  child.stdout.on('data', (d: Buffer) => logs.push(String(d)));
  child.stderr.on('data', (d: Buffer) => logs.push(String(d)));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${logs.join('')}`);
    try {
      const res = await fetch(`${url}/api/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become ready within 90 s:\n${logs.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url: appUrlWithPort ? env.APP_URL : url,
    logs,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
