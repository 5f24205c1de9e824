import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { loadSiteRow, siteView } from './records';
import type { SiteView } from './schemas';

/** One site (`sites.read`); another tenant's id is 404. */
export async function getSite(ctx: TenantContext, id: string): Promise<SiteView> {
  requirePermission(ctx, 'sites.read');
  return siteView(await loadSiteRow(ctx, id));
}
