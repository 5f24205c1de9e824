import { sql } from 'drizzle-orm';
import type { Tx } from './client';
import { loadMemberAccess } from '@/lib/access/member-access';
import type { TenantContext } from '@/lib/context';
import { createBatch } from '@/lib/quality/create-batch';
import { createSite } from '@/lib/quality/create-site';
import { recordInspection } from '@/lib/quality/record-inspection';
import { reviewInspection } from '@/lib/quality/review-inspection';
import type { SiteView } from '@/lib/quality/schemas';
import { signatureScope } from '@/lib/quality/signatures';
import { transitionBatch } from '@/lib/quality/transition-batch';

/**
 * Demo batch records (API.md, Demo data): per tenant two sites and batches spread over the lifecycle, with
 * inspections and signatures, made through the domain functions — as the demo people, with their
 * permissions, under the tenant's row-level security, inside the seed's transaction.
 */

export type Person = { id: string; name: string; email: string };
type Seeded = { sites: number; batches: number; inspections: number; signatures: number };

const GTINS = ['09506000134352', '09506000134376', '09506000117843', '09501101020917'];

const assay = (value: number) => ({ name: 'Assay', unit: '%', lsl: 95, usl: 105, value });
const releaseInspection = (value: number) => ({
  type: 'release' as const,
  lotSize: 120000,
  sampleSize: 500,
  characteristics: [
    assay(value),
    { name: 'Dissolution (30 min)', unit: '%', lsl: 80, value: 92 },
    { name: 'Water content', unit: '%', usl: 5, value: 2.1 },
  ],
  defects: { critical: 0, major: 0, minor: 1 },
});
const inProcess = {
  type: 'in_process' as const,
  lotSize: 120000,
  sampleSize: 500,
  characteristics: [{ name: 'Tablet weight', unit: 'mg', lsl: 475, usl: 525, value: 501.3 }],
};
const incoming = {
  type: 'incoming' as const,
  lotSize: 40,
  sampleSize: 8,
  characteristics: [{ name: 'Identity (IR)', value: 1, lsl: 1, usl: 1 }],
};

/**
 * Run `fn` as `person`, a member of `tenant`, with their permissions and under the tenant's row-level security, inside
 * the seed's transaction (the caller resets the role and settings once it is done: see the end of seedQuality).
 */
export async function actAs<T>(
  tx: Tx,
  tenant: { id: string; slug: string; name: string; planId: string },
  person: Person,
  fn: (ctx: TenantContext) => Promise<T>,
): Promise<T> {
  await tx.execute(
    sql`select set_config('role', 'custos_app', true), set_config('app.tenant_id', ${tenant.id}, true), set_config('app.user_id', ${person.id}, true)`,
  );
  const access = await loadMemberAccess(tx, tenant.id, person.id);
  if (!access) throw new Error(`${person.email} is not a member of ${tenant.slug}`);
  return fn({
    actor: { type: 'user', id: person.id, name: person.name, email: person.email, isPlatformAdmin: false },
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: 'active', planId: tenant.planId },
    membershipId: access.membershipId,
    permissions: access.permissions,
    meta: { requestId: 'seed' },
    db: tx,
  });
}

/** Load one tenant's batch records. `tx` is the seed's (owner) transaction; it is confined to the tenant here and handed back as the owner. */
export async function seedQuality(
  tx: Tx,
  tenant: { id: string; slug: string; name: string; planId: string },
  people: { admin: Person; operator: Person; qa?: Person; qa2?: Person },
  password: string,
): Promise<Seeded> {
  const stats: Seeded = { sites: 0, batches: 0, inspections: 0, signatures: 0 };
  const as = <T>(person: Person, fn: (ctx: TenantContext) => Promise<T>): Promise<T> => actAs(tx, tenant, person, fn);
  const { admin, operator, qa, qa2 } = people;
  const prefix = tenant.slug.slice(0, 3).toUpperCase();

  await signatureScope(async () => {
    const sites: SiteView[] = [];
    for (const [code, name, address, licenseNumber] of [
      [`${prefix}-BSL`, 'Basel solid dose plant', 'Klybeckstrasse 141, 4057 Basel, CH', 'CH-GMP-2024-0117'],
      [`${prefix}-LYS`, 'Lyon fill-finish plant', '12 rue de Gerland, 69007 Lyon, FR', 'FR-ANSM-69-0042'],
    ] as const) {
      sites.push(await as(admin, (ctx) => createSite(ctx, { code, name, address, licenseNumber })));
      stats.sites++;
    }
    const products = ['Paracetamol 500 mg tablets', 'Ibuprofen 400 mg tablets', 'Amoxicillin 250 mg capsules', 'Metformin 850 mg tablets'];
    let n = 0;
    const batch = async () => {
      n++;
      const created = await as(operator, (ctx) =>
        createBatch(ctx, {
          batchNumber: `${prefix}${String(2607000 + n)}`,
          productName: products[n % products.length],
          gtin: GTINS[n % GTINS.length],
          siteId: sites[n % 2].id,
          plannedQuantity: 120000,
          expiresOn: `2028-${String((n % 12) + 1).padStart(2, '0')}-28`,
        }),
      );
      stats.batches++;
      return created.id;
    };
    const move = (person: Person, id: string, to: Parameters<typeof transitionBatch>[2]['to'], extra: Record<string, unknown> = {}) =>
      as(person, (ctx) => transitionBatch(ctx, id, { to, ...extra }));
    const upTo = async (id: string, to: 'in_production' | 'quarantined' | 'under_review') => {
      for (const step of ['in_production', 'quarantined', 'under_review'] as const) {
        await move(operator, id, step);
        if (step === to) return;
      }
    };
    const inspect = async (person: Person, id: string, body: Parameters<typeof recordInspection>[2]) => {
      stats.inspections++;
      return (await as(person, (ctx) => recordInspection(ctx, id, body))).id;
    };
    const review = async (person: Person, id: string, decision: 'approve' | 'reject', reason?: string) => {
      stats.signatures++;
      await as(person, (ctx) =>
        reviewInspection(ctx, id, { decision, reason, signature: { password, meaning: decision === 'approve' ? 'approved' : 'rejected' } }),
      );
    };
    const decide = async (person: Person, id: string, to: 'released' | 'rejected' | 'recalled', reason: string) => {
      stats.signatures++;
      await move(person, id, to, { reason, signature: { password, meaning: to } });
    };

    // planned
    await batch();
    // in production, an in-process check awaiting review
    const producing = await batch();
    await upTo(producing, 'in_production');
    await inspect(operator, producing, inProcess);
    // quarantined, incoming materials inspected
    const quarantined = await batch();
    await upTo(quarantined, 'quarantined');
    const incomingId = await inspect(operator, quarantined, incoming);
    if (qa) await review(qa, incomingId, 'approve');
    // under review with a release inspection: approved where a QA person exists (ready to release), else awaiting review
    const ready = await batch();
    await upTo(ready, 'under_review');
    const readyInspection = await inspect(operator, ready, releaseInspection(99.6));
    if (!qa || !qa2) return;
    await review(qa2, readyInspection, 'approve');
    // under review, blocked: the release inspection failed
    const blocked = await batch();
    await upTo(blocked, 'under_review');
    await review(qa2, await inspect(operator, blocked, releaseInspection(93.8)), 'approve', 'Result confirmed; OOS investigation opened');
    // released
    const released = await batch();
    await upTo(released, 'under_review');
    await review(qa2, await inspect(operator, released, releaseInspection(100.4)), 'approve');
    await decide(qa, released, 'released', 'Batch record reviewed; meets specification');
    // rejected after a failed release test
    const rejected = await batch();
    await upTo(rejected, 'under_review');
    await review(qa2, await inspect(operator, rejected, releaseInspection(91.2)), 'approve');
    await decide(qa, rejected, 'rejected', 'Assay out of specification; no assignable laboratory error');
    // released, then recalled
    const recalled = await batch();
    await upTo(recalled, 'under_review');
    await review(qa2, await inspect(operator, recalled, releaseInspection(98.9)), 'approve');
    await decide(qa, recalled, 'released', 'Batch record reviewed; meets specification');
    await decide(qa, recalled, 'recalled', 'Complaint CMP-2607-11: foreign particle in blister');
  });
  await tx.execute(sql`reset role`);
  await tx.execute(sql`select set_config('app.tenant_id', '', true), set_config('app.user_id', '', true)`);
  return stats;
}
