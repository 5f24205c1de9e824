import { and, eq } from 'drizzle-orm';
import { serials } from '@/db/schema/serials';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { loadBatchRow } from '@/lib/quality/records';
import { elementString } from './format';
import type { SerialDetail } from './schemas';

/**
 * `GET batches/{id}/serials/{serial}` (`serials.read`), and the console's serial page: one serial of the batch with
 * its status, the parts of its GS1 element string and the string itself. 404 for a batch this tenant does not
 * have and for a serial the batch does not have (another batch's, another tenant's, never issued).
 */
export async function getSerial(ctx: TenantContext, batchId: string, serial: string): Promise<SerialDetail> {
  requirePermission(ctx, 'serials.read');
  const batch = await loadBatchRow(ctx, batchId);
  const [row] = await ctx.db
    .select({ serial: serials.serial, status: serials.status, gtin: serials.gtin, createdAt: serials.createdAt })
    .from(serials)
    .where(and(eq(serials.tenantId, ctx.tenant.id), eq(serials.batchId, batchId), eq(serials.serial, serial)));
  if (!row) throw notFound('serial');
  return {
    serial: row.serial,
    status: row.status,
    elementString: elementString({ gtin: row.gtin, expiresOn: batch.expiresOn, batchNumber: batch.batchNumber, serial: row.serial }),
    gtin: row.gtin,
    expiresOn: batch.expiresOn,
    batchNumber: batch.batchNumber,
    batchId: batch.id,
    productName: batch.productName,
    createdAt: row.createdAt.toISOString(),
  };
}
