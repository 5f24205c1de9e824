import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, getDbHandle } from '@/db/client';
import { auditEvents, emailTokens, invitations, tenants, users } from '@/db/schema';
import { CLI_ACTOR, cliMeta } from '@/lib/auth/create-platform-admin';
import { hashToken } from '@/lib/auth/one-time-token';
import { expireInvitations } from '@/lib/invitations/expire-invitations';
import { purgeExpired } from '@/lib/platform/purge-expired';
import { createTenantAsPlatformAdmin } from '@/lib/platform-admin/create-tenant';
import { pendingMigrations, platformAdminOutcome } from '@/lib/platform-admin/cli-dry-runs';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, createUserWithSession, unique } from '../support/fixtures';

// Every admin command takes --dry-run (scripts/cli.ts): it says what it would do and changes nothing. The commands'
// dry runs through the functions the CLI calls, on the real database: each reports, then a look at the database shows
// nothing written (rows, statuses, audit), and the real run does what the dry run said. The dormant-member job's and
// the inactive-account cleanup's dry runs are in account-lifecycle.test.ts and ops.test.ts, the key rotation's in
// signing-keys.test.ts.

const root = path.resolve(import.meta.dirname, '../..');
const DAY = 24 * 60 * 60 * 1000;

async function trailEvents(action: string, targetId: string) {
  const db = await getDb();
  return db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));
}

describe('the command line', () => {
  it('offers --dry-run on every command (its help)', async () => {
    const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['scripts/cli.ts', 'help'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '' },
    });
    const usages = stdout
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((line) => line.trim());
    expect(usages.length).toBeGreaterThanOrEqual(11);
    for (const command of [
      'migrate',
      'seed',
      'create-platform-admin',
      'create-tenant',
      'cleanup-inactive-users',
      'expire-invitations',
      'suspend-dormant-members',
      'run-serial-jobs',
      'run-schedule',
      'rotate-signing-keys',
      'purge-expired',
    ]) {
      expect(
        usages.some((u) => u.startsWith(`${command} `)),
        command,
      ).toBe(true);
    }
    for (const usage of usages) expect(usage, usage).toContain('[--dry-run]');
  });
});

describe('create-tenant --dry-run', () => {
  it('makes every check and says what it would create, then leaves no tenant and no audit; the real run creates it', async () => {
    const admin = await createUserWithSession('dry-tenant-admin');
    const db = await getDb();
    const slug = `dry-${unique()}`;
    const input = { slug, name: 'Dry Run Labs', plan: 'team', adminEmail: admin.email };

    const preview = await createTenantAsPlatformAdmin(CLI_ACTOR, input, cliMeta(), { dryRun: true });
    expect(preview).toMatchObject({ slug, name: 'Dry Run Labs' });
    expect(await db.select().from(tenants).where(eq(tenants.slug, slug))).toEqual([]);
    expect(await trailEvents('tenant.created', preview.id)).toEqual([]);

    // The checks run in a dry run too: an unknown plan and account are 400 naming the field.
    const bad = await createTenantAsPlatformAdmin(
      CLI_ACTOR,
      { ...input, plan: 'no-such-plan', adminEmail: `nobody-${unique()}@example.com` },
      cliMeta(),
      { dryRun: true },
    ).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400 });
    expect((bad as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(expect.arrayContaining(['plan']));

    const created = await createTenantAsPlatformAdmin(CLI_ACTOR, input, cliMeta());
    expect(created).toMatchObject({ slug, name: 'Dry Run Labs' });
    expect(await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug))).toHaveLength(1);
    expect(await trailEvents('tenant.created', created.id)).toHaveLength(2); // the platform trail and the tenant's own

    // A taken address is refused by the dry run as by the real one (409 naming slug).
    const taken = await createTenantAsPlatformAdmin(CLI_ACTOR, input, cliMeta(), { dryRun: true }).catch((e: unknown) => e);
    expect(taken).toMatchObject({ status: 409, errors: [{ path: 'slug' }] });
  });
});

describe('expire-invitations --dry-run', () => {
  it('counts an invitation past its expiry and leaves it pending, unaudited; the real run expires it', async () => {
    const t = await createTenantWithMembers();
    const [invitation] = await withTenant(t.id, (tx) =>
      tx
        .insert(invitations)
        .values({
          tenantId: t.id,
          email: `late-${unique()}@test.custos`,
          roleIds: [t.roleIds.viewer],
          teamIds: [],
          tokenHash: hashToken(`inv-${unique()}-${unique()}`),
          invitedByName: 'Test admin',
          expiresAt: new Date(Date.now() - 60_000),
        })
        .returning({ id: invitations.id }),
    );
    const read = () => withTenant(t.id, (tx) => tx.select().from(invitations).where(eq(invitations.id, invitation.id)));
    const trail = () => withTenant(t.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.targetId, invitation.id)));

    const dry = await expireInvitations({ dryRun: true });
    expect(dry.expired).toBeGreaterThanOrEqual(1);
    expect(dry.tenants).toBeGreaterThanOrEqual(1);
    expect((await read())[0].status).toBe('pending');
    expect(await trail()).toEqual([]);

    const real = await expireInvitations();
    expect(real.expired).toBeGreaterThanOrEqual(1);
    expect((await read())[0].status).toBe('expired');
    expect((await trail()).map((e) => e.action)).toEqual(['invitation.expired']);
  });
});

describe('purge-expired --dry-run', () => {
  it('counts a long-expired mail token and deletes nothing; the real run deletes it', async () => {
    const user = await createUserWithSession('dry-purge');
    const db = await getDb();
    const [expired] = await db
      .insert(emailTokens)
      .values({
        userId: user.id,
        purpose: 'reset_password',
        tokenHash: hashToken(`dry-${unique()}-${unique()}`),
        expiresAt: new Date(Date.now() - 2 * DAY),
      })
      .returning({ id: emailTokens.id });
    const stillThere = async () => (await db.select({ id: emailTokens.id }).from(emailTokens).where(eq(emailTokens.id, expired.id))).length;

    const dry = await purgeExpired({ dryRun: true });
    expect(dry.emailTokens).toBeGreaterThanOrEqual(1);
    expect(dry.kvEntries).toBe(0);
    expect(await stillThere()).toBe(1);

    const real = await purgeExpired();
    expect(real.emailTokens).toBeGreaterThanOrEqual(1);
    expect(await stillThere()).toBe(0);
  });
});

describe('migrate, seed and create-platform-admin --dry-run', () => {
  it('migrate: a migrated database has no migration pending', async () => {
    expect(await pendingMigrations(await getDbHandle())).toEqual([]);
  });

  it('create-platform-admin: says what would happen to each kind of account, writing nothing', async () => {
    const db = await getDb();
    const verified = await createUserWithSession('dry-promote');
    const unverified = await createUserWithSession('dry-takeover');
    await db.update(users).set({ emailVerified: null }).where(eq(users.id, unverified.id));
    const admin = await createUserWithSession('dry-admin', { platformAdmin: true });
    const admins = async () =>
      (
        await db
          .select({ n: count() })
          .from(users)
          .where(sql`${users.isPlatformAdmin} and ${users.id} in (${verified.id}, ${unverified.id})`)
      )[0].n;

    expect(await platformAdminOutcome(`new-${unique()}@example.com`)).toBe('created');
    expect(await platformAdminOutcome(verified.email.toUpperCase())).toBe('promoted');
    expect(await platformAdminOutcome(unverified.email)).toBe('taken_over');
    expect(await platformAdminOutcome(` ${admin.email} `)).toBe('already_admin');

    // Nothing written: neither account became an admin, and the unverified one is still unverified.
    expect(await admins()).toBe(0);
    const [stillUnverified] = await db.select({ at: users.emailVerified }).from(users).where(eq(users.id, unverified.id));
    expect(stillUnverified.at).toBeNull();
  });
});
