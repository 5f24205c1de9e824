import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server';

// The production server (`node server.js`, as in the Docker image) starts the job engine on its own database in
// the background: /api/ready answers at once and soon says the engine runs, on PGlite or PostgreSQL; SIGTERM
// stops it before the process ends.
let server: RunningServer;
let readyAt = 0;

beforeAll(async () => {
  server = await startServer({ LOG_LEVEL: 'info' });
  readyAt = Date.now();
});

afterAll(async () => {
  await server?.stop();
});

type Ready = { status: string; jobs?: { state: string; database: string } };

describe('job engine in the standalone server', () => {
  it('runs on the server database, reported by /api/ready, without holding up the start', async () => {
    let body: Ready = { status: '' };
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      body = (await (await fetch(`${server.url}/api/ready`)).json()) as Ready;
      if (body.jobs?.state === 'running') break;
      expect(['starting', 'running']).toContain(body.jobs?.state);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(body).toMatchObject({ status: 'ready', jobs: { state: 'running', database: process.env.DATABASE_URL ? 'postgres' : 'pglite' } });
    console.log(`job engine running ${Date.now() - readyAt} ms after the server was ready`);
    const started = server.logs
      .join('')
      .split('\n')
      .find((line) => line.includes('"job engine started"'));
    expect(started).toBeDefined();
    const entry = JSON.parse(started!) as { schedules: string[]; database: string };
    expect(entry.schedules).toEqual(expect.arrayContaining(['purge-expired 17 * * * *', 'cleanup-inactive-users 30 3 * * *']));
  });

  it('keeps serving while the engine runs', async () => {
    const started = Date.now();
    for (let i = 0; i < 5; i++) expect((await fetch(`${server.url}/sign-in`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('stops the engine on SIGTERM', async () => {
    await server.stop();
    expect(server.process.exitCode !== null || server.process.signalCode !== null).toBe(true);
    expect(server.logs.join('')).toContain('"job engine stopped"');
  });
});
