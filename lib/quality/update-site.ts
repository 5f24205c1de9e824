import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { sites } from '@/db/schema/quality';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { loadSiteRow, siteView, type SiteRow } from './records';
import { updateSiteSchema, type SiteView } from './schemas';

const snapshot = (s: SiteRow) => ({ name: s.name, address: s.address, licenseNumber: s.licenseNumber, active: s.active });

/**
 * Correct a site or (de)activate it (`sites.manage`), with an optional reason. An inactive site takes no
 * new batches; its existing batches stay as they are. The code never changes: batch records refer to it.
 */
export async function updateSite(ctx: TenantContext, id: string, input: z.input<typeof updateSiteSchema>): Promise<SiteView> {
  requirePermission(ctx, 'sites.manage');
  const data = parseInput(updateSiteSchema, input);
  const before = await loadSiteRow(ctx, id, { forUpdate: true });
  const [after] = await ctx.db
    .update(sites)
    .set({
      name: data.name ?? before.name,
      address: data.address === undefined ? before.address : data.address,
      licenseNumber: data.licenseNumber === undefined ? before.licenseNumber : data.licenseNumber,
      active: data.active ?? before.active,
      updatedAt: sql`now()`,
    })
    .where(eq(sites.id, id))
    .returning();
  const action =
    data.active === false && before.active
      ? 'site.deactivated'
      : data.active === true && !before.active
        ? 'site.activated'
        : 'site.updated';
  await recordAudit(ctx, {
    action,
    targetType: 'site',
    targetId: id,
    before: snapshot(before),
    after: snapshot(after),
    reason: data.reason ?? null,
  });
  return siteView(after);
}
