import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as cronGet, POST as cronPost } from '@/app/api/cron/deliver-email/route';
import { getDb } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import { BASE_BACKOFF_MS, deliverPending, MAX_ATTEMPTS } from '@/lib/email/deliver';
import { kickDelivery } from '@/lib/email/kick-delivery';
import { drainEnqueuedJobs } from '@/lib/jobs/enqueue';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { unique } from '../support/fixtures';

// The outbox sender against a local stand-in for the Resend API (POST /emails). The stand-in keys its
// behaviour on the Idempotency-Key header, so messages of other test files sharing a PostgreSQL
// database (sent too, once this process has a Resend key) never disturb what a test looks at.

type Received = { key: string; authorization: string | undefined; body: Record<string, unknown> };

let server: Server;
let baseUrl: string;
const received: Received[] = [];
/** Scripted statuses per idempotency key (then 200); unscripted keys get 200. */
const script = new Map<string, number[]>();
/** Keys Resend "accepted": a repeat with the same key gets the same id and sends nothing new. */
const accepted = new Map<string, string>();
let delayMs = 0;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
  });

beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a test server: node ignores the handler's promise, and a failure fails the test
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method !== 'POST' || req.url !== '/emails') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'not_found', message: 'Not found' }));
      return;
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    received.push({ key, authorization: req.headers.authorization, body: JSON.parse(body) });
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const planned = script.get(key)?.shift();
    if (planned && planned !== 200) {
      res
        .writeHead(planned, { 'content-type': 'application/json' })
        .end(JSON.stringify({ statusCode: planned, name: 'internal_server_error', message: 'Resend is having a bad day' }));
      return;
    }
    const id = accepted.get(key) ?? `re-${unique()}`;
    accepted.set(key, id);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const ENV_KEYS = ['RESEND_API_KEY', 'EMAIL_FROM', 'RESEND_BASE_URL', 'CRON_SECRET'] as const;
const saved: Record<string, string | undefined> = {};

function useResend() {
  process.env.RESEND_API_KEY = 're_test_key';
  process.env.EMAIL_FROM = 'Custos <mail@test.custos>';
  process.env.RESEND_BASE_URL = baseUrl;
  resetEnv();
}

beforeEach(() => {
  for (const key of ENV_KEYS) saved[key] = process.env[key];
  delayMs = 0;
});

afterEach(() => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnv();
  setClock();
});

async function queue(label: string) {
  const db = await getDb();
  const to = `${label}-${unique()}@test.custos`;
  const { id } = await enqueueEmail(db, {
    to,
    template: 'verifyEmail',
    data: { name: 'Mail Test', url: appUrl(`/verify-email/${unique()}`) },
  });
  return { id, to };
}

async function row(id: string) {
  const db = await getDb();
  return (await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0];
}

const requestsFor = (id: string) => received.filter((r) => r.key === id);

/** Runs until nothing is due (on a shared PostgreSQL database, older messages of other runs come first). */
async function drain() {
  for (let i = 0; i < 100; i++) if ((await deliverPending({ limit: 100 })).claimed === 0) return;
  throw new Error('the outbox never drained');
}

describe('deliverPending', () => {
  it('retries through two Resend failures with backoff, then sends the message exactly once', async () => {
    useResend();
    const message = await queue('retry');
    setClock({ at: new Date(Date.now() + 1000) });
    script.set(message.id, [500, 500]);

    await drain();
    let state = await row(message.id);
    expect(state).toMatchObject({ status: 'pending', attempts: 1, providerId: null });
    expect(state.lastError).toMatch(/500/);
    expect(requestsFor(message.id)).toHaveLength(1);

    // Not due yet: nothing happens before the backoff has passed.
    setClock({ advanceMs: BASE_BACKOFF_MS - 5_000 });
    await drain();
    expect(requestsFor(message.id)).toHaveLength(1);

    setClock({ advanceMs: 10_000 });
    await drain();
    state = await row(message.id);
    expect(state).toMatchObject({ status: 'pending', attempts: 2 });
    expect(requestsFor(message.id)).toHaveLength(2);

    // The second failure waits twice as long.
    setClock({ advanceMs: BASE_BACKOFF_MS + 5_000 });
    await drain();
    expect(requestsFor(message.id)).toHaveLength(2);
    setClock({ advanceMs: BASE_BACKOFF_MS });
    await drain();

    state = await row(message.id);
    expect(state.status).toBe('sent');
    expect(state.attempts).toBe(3);
    expect(state.providerId).toBe(accepted.get(message.id));
    expect(state.sentAt).toBeInstanceOf(Date);
    expect(state.lastError).toBeNull();

    const requests = requestsFor(message.id);
    expect(requests).toHaveLength(3);
    // Every try carried the same idempotency key (the outbox id), the key and the whole message.
    for (const r of requests) {
      expect(r.authorization).toBe('Bearer re_test_key');
      expect(r.body).toMatchObject({ from: 'Custos <mail@test.custos>', to: [message.to], subject: 'Confirm your email address' });
      expect(r.body.html).toContain('<!doctype html>');
      expect(r.body.text).toContain('/verify-email/');
    }

    // Sent is final: later runs leave it alone.
    setClock({ advanceMs: 2 * 60 * 60 * 1000 });
    await drain();
    expect(requestsFor(message.id)).toHaveLength(3);
  });

  it('never sends one message twice when two runs go at once', async () => {
    useResend();
    const messages = await Promise.all(Array.from({ length: 12 }, (_, i) => queue(`pair-${i}`)));
    delayMs = 10;
    // Two workers taking small batches until nothing is due, so their claims interleave.
    const worker = async () => {
      const total = { claimed: 0, sent: 0 };
      for (;;) {
        const report = await deliverPending({ limit: 2 });
        expect(report.claimed).toBeLessThanOrEqual(2);
        if (report.claimed === 0) return total;
        total.claimed += report.claimed;
        total.sent += report.sent;
      }
    };
    const reports = await Promise.all([worker(), worker()]);
    expect(reports[0].claimed).toBeGreaterThan(0);
    expect(reports[1].claimed).toBeGreaterThan(0);
    for (const m of messages) expect(requestsFor(m.id), m.id).toHaveLength(1);
    const db = await getDb();
    const rows = await db
      .select()
      .from(emailOutbox)
      .where(
        inArray(
          emailOutbox.id,
          messages.map((m) => m.id),
        ),
      );
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(reports[0].sent + reports[1].sent).toBeGreaterThanOrEqual(messages.length);
  });

  it('gives up after ten attempts and marks the message failed', async () => {
    useResend();
    const message = await queue('doomed');
    setClock({ at: new Date(Date.now() + 1000) });
    script.set(
      message.id,
      Array.from({ length: 20 }, () => 503),
    );
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await drain();
      setClock({ advanceMs: 60 * 60 * 1000 + 1000 });
    }
    const state = await row(message.id);
    expect(state).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, providerId: null });
    expect(state.lastError).toMatch(/503/);
    expect(requestsFor(message.id)).toHaveLength(MAX_ATTEMPTS);
  });

  it('sends nothing without RESEND_API_KEY: the message stays pending for the dev mailbox', async () => {
    delete process.env.RESEND_API_KEY;
    delete process.env.EMAIL_FROM;
    resetEnv();
    const message = await queue('local');
    const report = await deliverPending({ limit: 100 });
    expect(report).toEqual({ claimed: 0, sent: 0, retrying: 0, failed: 0 });
    kickDelivery();
    await new Promise((r) => setTimeout(r, 100));
    expect(requestsFor(message.id)).toHaveLength(0);
    expect(await row(message.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('kickDelivery sends right away in the background', async () => {
    useResend();
    const message = await queue('kick');
    kickDelivery();
    // A mail-delivery job, which this process (no engine runs in a test) runs right after.
    await drainEnqueuedJobs();
    for (let i = 0; i < 50 && (await row(message.id)).status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await row(message.id)).status).toBe('sent');
    expect(requestsFor(message.id)).toHaveLength(1);
  });
});

describe('/api/cron/deliver-email', () => {
  const cron = (handler: (r: Request) => Promise<Response>, authorization?: string) =>
    handler(
      new Request('http://localhost/api/cron/deliver-email', {
        method: handler === cronPost ? 'POST' : 'GET',
        headers: authorization ? { authorization } : {},
      }),
    );

  it('is 404 without CRON_SECRET and 401 without the right bearer secret', async () => {
    delete process.env.CRON_SECRET;
    resetEnv();
    const missing = await cron(cronGet, 'Bearer anything-at-all-here');
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe('not_found');

    process.env.CRON_SECRET = 'cron-secret-for-tests-0123';
    resetEnv();
    const none = await cron(cronGet);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect((await none.json()).code).toBe('unauthenticated');
    expect((await cron(cronGet, 'Bearer cron-secret-for-tests-0124')).status).toBe(401);
    expect((await cron(cronPost, 'Basic cron-secret-for-tests-0123')).status).toBe(401);
  });

  it('delivers due mail for the right secret, by GET or POST', async () => {
    useResend();
    process.env.CRON_SECRET = 'cron-secret-for-tests-0123';
    resetEnv();
    const message = await queue('cron');
    const res = await cron(cronGet, 'Bearer cron-secret-for-tests-0123');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    // The schedule's sweep found due mail and sent a mail-delivery job, which this engine-less process runs itself.
    expect(await res.json()).toEqual({ due: true });
    await drainEnqueuedJobs();
    expect((await row(message.id)).status).toBe('sent');
    const again = await cron(cronPost, 'Bearer cron-secret-for-tests-0123');
    expect(again.status).toBe(200);
    await drainEnqueuedJobs();
    expect(requestsFor(message.id)).toHaveLength(1);
  });
});
