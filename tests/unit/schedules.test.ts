import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DRAIN_CRON_ROUTE, SCHEDULES } from '@/lib/jobs/schedules';

// The schedules are one list (lib/jobs/schedules.ts): the job engine registers it in a long-running server, and on
// Vercel vercel.json must call each schedule's cron route on the same cron, or the two deployments would differ.
const root = path.resolve(import.meta.dirname, '../..');
const vercel = JSON.parse(readFileSync(path.join(root, 'vercel.json'), 'utf8')) as { crons: { path: string; schedule: string }[] };

describe('schedules', () => {
  it('have unique names, five-field cron expressions in UTC and a route named after them', () => {
    expect(new Set(SCHEDULES.map((s) => s.name)).size).toBe(SCHEDULES.length);
    for (const s of SCHEDULES) {
      expect(s.cron.split(' ')).toHaveLength(5);
      expect(s.timezone).toBe('UTC');
      expect(s.route).toBe(`/api/cron/${s.name}`);
      expect(existsSync(path.join(root, 'app', s.route, 'route.ts')), `${s.route} has no route file`).toBe(true);
    }
  });

  it('are what vercel.json calls, on the same cron, and vercel.json calls nothing else but the drain of the work queues', () => {
    for (const s of SCHEDULES) {
      const entries = vercel.crons.filter((c) => c.path.split('?')[0] === s.route);
      expect(entries, `vercel.json calls ${s.route} once`).toHaveLength(1);
      expect(entries[0].schedule, `${s.name} runs on the same cron on Vercel`).toBe(s.cron);
    }
    const known = new Set<string>([...SCHEDULES.map((s) => s.route), DRAIN_CRON_ROUTE]);
    expect(
      vercel.crons.filter((c) => c.path === DRAIN_CRON_ROUTE),
      'vercel.json drains the work queues every minute',
    ).toEqual([{ path: DRAIN_CRON_ROUTE, schedule: '* * * * *' }]);
    for (const c of vercel.crons)
      expect(known.has(c.path.split('?')[0]), `${c.path} is neither a schedule nor a known cron route`).toBe(true);
  });

  it('cover the housekeeping the issue names', () => {
    expect(SCHEDULES.map((s) => s.name).sort()).toEqual(
      [
        'check-audit-chains',
        'cleanup-inactive-users',
        'deliver-email',
        'deliver-webhooks',
        'expire-invitations',
        'purge-expired',
        'resume-serial-jobs',
        'suspend-dormant-members',
        'send-notification-digests',
        'start-recurring-access-reviews',
        'send-access-review-reminders',
        'send-overdue-task-mail',
      ].sort(),
    );
  });
});
