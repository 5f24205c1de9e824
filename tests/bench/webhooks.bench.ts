// `npm run bench:webhooks`: webhooks from change to receiver (issue 20, "Benchmark"). Prints figures, asserts nothing.
//
// On PostgreSQL (DATABASE_URL; use a fresh database of its own: it migrates it and adds tenants), with the job engine
// (pg-boss) running in this process as in `next start`: each change is a tenant transaction that audits a mapped
// action (team.updated), so the audit recorder raises the event and writes its deliveries in the same transaction;
// withTenant sends the jobs after the commit, the engine's workers (webhook-delivery × its concurrency) sign and
// POST them to local receivers that verify every signature with the standardwebhooks library.
//
// 1. Throughput: WEBHOOK_BENCH_EVENTS changes (default 300), 10 at a time, to 1 endpoint and to 10 endpoints:
//    events per second and deliveries per second from the first change to the last delivery received.
// 2. Latency on an idle system: WEBHOOK_BENCH_SAMPLES changes (default 100) one after another, each waiting for its
//    delivery: the delay from the start of the change's transaction to the receiver having the request (p50, p99, max).
//    Goal: p99 under 1 s.
import { randomUUID } from 'node:crypto';

process.env.LOG_LEVEL ??= 'silent';

const EVENTS = Number(process.env.WEBHOOK_BENCH_EVENTS ?? 300);
const SAMPLES = Number(process.env.WEBHOOK_BENCH_SAMPLES ?? 100);
const STAGE_LIMIT_MS = Number(process.env.WEBHOOK_BENCH_STAGE_SECONDS ?? 120) * 1000;
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  if (!process.env.DATABASE_URL) {
    console.error('bench:webhooks runs on PostgreSQL: set DATABASE_URL to a fresh database of its own.');
    process.exit(1);
  }
  const { getDbHandle, closeDb } = await import('@/db/client');
  const { migrate } = await import('@/db/migrate');
  const { provisionTenant } = await import('@/lib/tenancy/provision-tenant');
  const { withTenant } = await import('@/lib/tenancy/with-tenant');
  const { recordTenantAudit } = await import('@/lib/audit/record');
  const { startJobEngine, stopJobEngine } = await import('@/lib/jobs/engine');
  const { stopJobSender } = await import('@/lib/jobs/enqueue');
  const { webhookEndpoints } = await import('@/db/schema');
  const { newEndpointSecret, sealEndpointSecret } = await import('@/lib/webhooks/endpoint-secret');
  const { startWebhookReceiver } = await import('../support/webhook-receiver');

  // pg-boss's timers do not hold the process open: this does, until the end.
  const keepAlive = setInterval(() => {}, 1000);
  const handle = await getDbHandle();
  await migrate(handle);
  await startJobEngine();

  async function tenantWithEndpoints(count: number) {
    const slug = `bench-webhooks-${randomUUID().slice(0, 8)}`;
    const tenant = await handle.db.transaction((tx) => provisionTenant(tx, { slug, name: 'Webhooks bench', planId: 'enterprise' }));
    const receivers = [];
    for (let i = 0; i < count; i++) {
      const receiver = await startWebhookReceiver();
      const id = randomUUID();
      const secret = newEndpointSecret();
      receiver.secrets = [secret];
      await withTenant(tenant.id, (tx) =>
        tx
          .insert(webhookEndpoints)
          .values({ id, tenantId: tenant.id, url: receiver.url, eventTypes: ['team.*'], secretSealed: sealEndpointSecret(secret, id) }),
      );
      receivers.push(receiver);
    }
    return { tenant, receivers };
  }

  const change = (tenantId: string, n: number) =>
    withTenant(tenantId, (tx) =>
      recordTenantAudit(tx, tenantId, { type: 'system', id: 'bench', name: 'Bench' }, null, {
        action: 'team.updated',
        targetType: 'team',
        targetId: randomUUID(),
        before: { name: `Team ${n}` },
        after: { name: `Team ${n}′` },
      }),
    );

  /** Resolves once the receivers together have `total` answered requests. */
  function waitForDeliveries(receivers: Awaited<ReturnType<typeof startWebhookReceiver>>[], total: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (receivers.reduce((sum, r) => sum + r.received.length, 0) >= total) resolve();
      };
      for (const r of receivers) r.onReceived = check;
      check();
    });
  }

  const lines: string[] = [];
  console.log('webhooks bench (PostgreSQL, job engine in-process)');
  /** Printed as it comes (a long run still shows what it measured). */
  const say = (line: string) => {
    lines.push(line);
    console.log(`  ${line}`);
  };
  {
    const { tenant, receivers } = await tenantWithEndpoints(1);
    const [receiver] = receivers;
    const delays: number[] = [];
    for (let i = 0; i < SAMPLES + 5; i++) {
      const before = receiver.received.length;
      const arrived = waitForDeliveries(receivers, before + 1);
      const started = performance.now();
      await change(tenant.id, i);
      await arrived;
      if (i >= 5) delays.push(receiver.received[before].at - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await receiver.close();
    delays.sort((a, b) => a - b);
    const p99 = percentile(delays, 99);
    say(
      `delay change → delivery on an idle system (${SAMPLES} changes one at a time): p50 ${fmt(percentile(delays, 50))} ms, p99 ${fmt(p99)} ms, max ${fmt(delays.at(-1)!)} ms` +
        ` — goal p99 < 1000 ms: ${p99 < 1000 ? 'met' : 'NOT met'} (${fmt(1000 / p99, 1)}× under)`,
    );
  }
  const throughput: Record<number, number> = {};
  for (const endpoints of [1, 10]) {
    const { tenant, receivers } = await tenantWithEndpoints(endpoints);
    // Warm up (prepared statements, connections, the workers).
    const warm = waitForDeliveries(receivers, 5 * endpoints);
    for (let i = 0; i < 5; i++) await change(tenant.id, i);
    await warm;
    for (const r of receivers) r.received.length = 0;

    const done = waitForDeliveries(receivers, EVENTS * endpoints);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < EVENTS) await change(tenant.id, next++);
      }),
    );
    const committed = performance.now();
    // At most STAGE_LIMIT_MS per stage: a stalled queue is reported as such, not waited out.
    const finished = await Promise.race([
      done.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), STAGE_LIMIT_MS)),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const got = receivers.reduce((sum, r) => sum + r.received.length, 0);
    if (!finished) {
      say(
        `throughput, ${endpoints} endpoints: only ${got} of ${EVENTS * endpoints} deliveries after ${fmt(seconds, 0)} s (changes committed after ${fmt((committed - started) / 1000, 2)} s) — the queue stalled`,
      );
      for (const r of receivers) await r.close();
      continue;
    }
    const bad = receivers.flatMap((r) => r.received).filter((r) => r.verifiedWith < 0).length;
    throughput[endpoints] = EVENTS / seconds;
    say(
      `throughput, ${endpoints} endpoint${endpoints === 1 ? '' : 's'}: ${EVENTS} changes in ${fmt(seconds, 2)} s → ${fmt(EVENTS / seconds)} events/s, ` +
        `${fmt((EVENTS * endpoints) / seconds)} deliveries/s (changes committed after ${fmt((committed - started) / 1000, 2)} s; ${bad} unverified)`,
    );
    for (const r of receivers) await r.close();
  }

  if (throughput[1] && throughput[10]) say(`ratio events/s 10 endpoints ÷ 1 endpoint: ${fmt(throughput[10] / throughput[1], 2)}`);

  await stopJobEngine();
  await stopJobSender();
  await closeDb();
  clearInterval(keepAlive);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
