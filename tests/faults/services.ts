import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { DEMO_PASSWORD } from '@/db/seed';
import { gs1CheckDigit } from '@/lib/quality/gtin';
import { startServer, type RunningServer } from '../e2e/server';
import { startUpstashShim, type UpstashShim } from '../support/upstash-shim';

/**
 * Private services for the fault tests, each started by the test file that breaks it, so stopping or crashing
 * it harms nothing else on the machine: a PostgreSQL cluster (initdb into a temporary directory, its own port
 * and socket directory), a redis-server on its own port, the Upstash REST stand-in over that Redis, and a
 * stand-in for the Resend API. The production build (tests/e2e/server.ts) is pointed at them.
 */
const run = promisify(execFile);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ── PostgreSQL ──────────────────────────────────────────────────────────────────────────────────────

/** The newest PostgreSQL server binaries on this machine (PG_BIN overrides). */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('No PostgreSQL server binaries in /usr/lib/postgresql/*/bin (set PG_BIN).');
  return path.join(root, versions[0], 'bin');
}

export type PrivatePostgres = {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication). */
  url: string;
  port: number;
  /** A superuser connection of the test itself (reconnects after a restart). */
  sql: postgres.Sql;
  /** `immediate` is a crash (no shutdown checkpoint, recovery at the next start); `fast` a clean stop. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
};

export async function startPostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'custos-faults-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  // initdb and postgres refuse to run as root: as root (CI), run them as the postgres OS user, owning the directory.
  const root = process.getuid?.() === 0;
  if (root) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) =>
    root ? run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]) : run(path.join(bin, command), args);

  await as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = async () => {
    await as('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  };
  const stop = async (mode: 'immediate' | 'fast' = 'fast') => {
    await as('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  };
  await start();
  // pg_ctl daemonizes the server: should this process end without destroy() (a crash, a timeout), stop it anyway.
  const stopOnExit = () => {
    try {
      const args = ['-D', data, '-m', 'immediate', 'stop'];
      if (root) execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
      else execFileSync(path.join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const sql = postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 5 });
  return {
    url,
    port,
    sql,
    start,
    stop,
    async destroy() {
      process.off('exit', stopOnExit);
      await sql.end({ timeout: 1 }).catch(() => {});
      await stop('immediate').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ── Redis and the Upstash REST stand-in ─────────────────────────────────────────────────────────────

export type PrivateRedis = { url: string; port: number; stop(): Promise<void> };

export async function startRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

export { startUpstashShim, type UpstashShim };

// ── The Resend stand-in ─────────────────────────────────────────────────────────────────────────────

export type ResendStandIn = {
  url: string;
  /** Every POST /emails, in order, with the status it got. */
  requests: Array<{ key: string; to: string[]; subject: string; status: number; at: number }>;
  /** Messages accepted (200) per Idempotency-Key: what Resend would have sent. */
  accepted: Map<string, number>;
  /** What the next requests get: 500s while failing, 200s otherwise. */
  failing: boolean;
  close(): Promise<void>;
};

export async function startResendStandIn(): Promise<ResendStandIn> {
  const state: ResendStandIn = {
    url: '',
    requests: [],
    accepted: new Map(),
    failing: false,
    close: async () => {},
  };
  const ids = new Map<string, string>();
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk) => (data += chunk));
      req.on('end', () => resolve(data));
    });
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a test server: node ignores the handler's promise, and a failure fails the test
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method !== 'POST' || req.url !== '/emails') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'not_found', message: 'Not found' }));
      return;
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    const mail = JSON.parse(body) as { to: string[]; subject: string };
    const status = state.failing ? 500 : 200;
    state.requests.push({ key, to: mail.to, subject: mail.subject, status, at: Date.now() });
    if (status !== 200) {
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ statusCode: status, name: 'internal_server_error', message: 'The stand-in is failing on purpose' }));
      return;
    }
    // Like Resend: a repeat of an accepted Idempotency-Key gets the same id and sends nothing new.
    let id = ids.get(key);
    if (!id) {
      id = `re-standin-${ids.size + 1}`;
      ids.set(key, id);
      state.accepted.set(key, (state.accepted.get(key) ?? 0) + 1);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

// ── The production server on the private services ───────────────────────────────────────────────────

export type { RunningServer };

/** The standalone build on `databaseUrl`, migrated and seeded with the demo data at start. */
export function startApp(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({ DATABASE_URL: databaseUrl, MIGRATE_ON_START: '1', SEED_ON_START: '1', ...env });
}

/** SIGKILL, as a crashed or OOM-killed process: no shutdown handlers run. */
export function killApp(server: RunningServer): Promise<void> {
  return new Promise((resolve) => {
    if (server.process.exitCode !== null || server.process.signalCode !== null) return resolve();
    server.process.once('exit', () => resolve());
    server.process.kill('SIGKILL');
  });
}

export type Client = {
  token: string;
  get(path: string): Promise<Response>;
  send(method: string, path: string, body?: unknown): Promise<Response>;
};

/** A bearer-token client of a demo login (POST /api/v1/auth/token). */
export async function signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return bearerClient(baseUrl, accessToken);
}

/** The console's session cookie for a demo login (the Auth.js credentials flow, as the sign-in form posts it). */
export async function consoleCookie(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
  const signedIn = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { cookie: jar.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseUrl}/` }),
    redirect: 'manual',
  });
  jar.push(...signedIn.headers.getSetCookie().map((c) => c.split(';')[0]));
  if (!jar.some((c) => c.includes('session-token=')))
    throw new Error(`console sign-in of ${email} answered ${signedIn.status} without a session`);
  return jar.join('; ');
}

export function bearerClient(baseUrl: string, token: string): Client {
  const headers = { authorization: `Bearer ${token}` };
  return {
    token,
    get: (p) => fetch(`${baseUrl}${p}`, { headers, signal: AbortSignal.timeout(30_000) }),
    send: (method, p, body) =>
      fetch(`${baseUrl}${p}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      }),
  };
}

/** A counting histogram of statuses ("503 × 120, 200 × 4"). */
export function histogram(statuses: Array<number | string>): string {
  const counts = new Map<number | string, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()].map(([s, n]) => `${s} × ${n}`).join(', ') || 'none';
}

// ── Serial jobs on several processes ────────────────────────────────────────────────────────────────

/** A GTIN-14: the 13 data digits and their GS1 check digit. */
export function gtin(body13: string): string {
  return body13 + String(gs1CheckDigit(body13));
}

/** The pg-boss job ids a process's log says it finished on `queue`. */
export function finished(logs: string[], queue: string): string[] {
  const ids: string[] = [];
  for (const line of logs.join('').split('\n')) {
    if (!line.includes('"job finished"')) continue;
    try {
      const entry = JSON.parse(line) as { queue?: string; jobId?: string };
      if (entry.queue === queue && entry.jobId) ids.push(entry.jobId);
    } catch {
      // not a log line of ours
    }
  }
  return ids;
}
