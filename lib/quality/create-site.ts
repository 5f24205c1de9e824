import type { z } from 'zod';
import { sites } from '@/db/schema/quality';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { siteView } from './records';
import { createSiteSchema, type SiteView } from './schemas';

/** Register a manufacturing site (`sites.manage`). The code is upper-cased and unique per tenant (409). */
export async function createSite(ctx: TenantContext, input: z.input<typeof createSiteSchema>): Promise<SiteView> {
  requirePermission(ctx, 'sites.manage');
  const data = parseInput(createSiteSchema, input);
  const [row] = await uniqueOr409(
    ctx.db
      .insert(sites)
      .values({
        tenantId: ctx.tenant.id,
        code: data.code,
        name: data.name,
        address: data.address ?? null,
        licenseNumber: data.licenseNumber ?? null,
      })
      .returning(),
    `A site with code ${data.code} already exists.`,
  );
  const view = siteView(row);
  await recordAudit(ctx, {
    action: 'site.created',
    targetType: 'site',
    targetId: row.id,
    after: { code: view.code, name: view.name, address: view.address, licenseNumber: view.licenseNumber, active: view.active },
  });
  return view;
}
