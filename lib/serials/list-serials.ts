import type { z } from 'zod';
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { serials } from '@/db/schema/serials';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { logger } from '@/lib/platform/logger';
import { loadBatchRow, type BatchRow } from '@/lib/quality/records';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { parseInput } from '@/lib/validation';
import { csvRecord } from '@/lib/http/csv';
import { elementString, isSerial } from './format';
import { exportSerialsQuerySchema, listSerialsQuerySchema, type SerialItem } from './schemas';
import type { SerialStatus } from '@/db/schema/serials';

/** Rows per page of an export, each page its own short tenant transaction. */
export const EXPORT_PAGE_SIZE = 10_000;

type Identity = Pick<BatchRow, 'id' | 'gtin' | 'expiresOn' | 'batchNumber'>;

/** One keyset page of a batch's serials in serial order (index serials_tenant_batch[_status]_serial). */
function page(tx: Tx, tenantId: string, batchId: string, status: SerialStatus | undefined, after: string | null, size: number) {
  const conditions: SQL[] = [eq(serials.tenantId, tenantId), eq(serials.batchId, batchId)];
  if (status) conditions.push(eq(serials.status, status));
  if (after) conditions.push(gt(serials.serial, after));
  return tx
    .select({ serial: serials.serial, status: serials.status, gtin: serials.gtin })
    .from(serials)
    .where(and(...conditions))
    .orderBy(asc(serials.serial))
    .limit(size);
}

/** The serial's element string; the GTIN is the serial's own (the one it was issued under). */
const item = (batch: Identity, row: { serial: string; status: SerialStatus; gtin: string }): SerialItem => ({
  serial: row.serial,
  status: row.status,
  elementString: elementString({ gtin: row.gtin, expiresOn: batch.expiresOn, batchNumber: batch.batchNumber, serial: row.serial }),
});

/**
 * `GET batches/{id}/serials` (`serials.read`): the batch's serials in serial order, optionally of one status, with
 * a keyset cursor (the last serial of the page). Items `{serial, status, elementString}`.
 */
export async function listSerials(
  ctx: TenantContext,
  batchId: string,
  query: z.input<typeof listSerialsQuerySchema> = {},
): Promise<{ data: SerialItem[]; nextCursor: string | null }> {
  requirePermission(ctx, 'serials.read');
  const { limit, cursor, status } = parseInput(listSerialsQuerySchema, query ?? {});
  if (cursor && !isSerial(cursor))
    throw validationFailed([{ path: 'query.cursor', message: 'Not a cursor from this list.' }], 'Invalid query.');
  const batch = await loadBatchRow(ctx, batchId);
  const rows = await page(ctx.db, ctx.tenant.id, batchId, status, cursor ?? null, limit + 1);
  const shown = rows.slice(0, limit);
  return { data: shown.map((r) => item(batch, r)), nextCursor: rows.length > limit ? shown[shown.length - 1].serial : null };
}

export const SERIAL_CSV_COLUMNS = ['serial', 'status', 'gtin', 'expiresOn', 'batchNumber', 'elementString'] as const;

/**
 * `GET batches/{id}/serials/export` (`serials.read`): the batch's serials (optionally of one status) as CSV. The
 * permission and the batch are checked in the caller's transaction; the returned stream reads keyset pages
 * afterwards, each in its own short tenant transaction (the request's is gone by then), one page in memory.
 */
export async function exportSerials(
  ctx: TenantContext,
  batchId: string,
  query: z.input<typeof exportSerialsQuerySchema> = {},
  options: { pageSize?: number } = {},
): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  requirePermission(ctx, 'serials.read');
  const { status } = parseInput(exportSerialsQuerySchema, query ?? {});
  const batch = await loadBatchRow(ctx, batchId);
  const tenantId = ctx.tenant.id;
  const size = options.pageSize ?? EXPORT_PAGE_SIZE;
  const encoder = new TextEncoder();
  let after: string | null = null;
  let started = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          let out = started ? '' : csvRecord(SERIAL_CSV_COLUMNS);
          started = true;
          const rows = await withTenant(tenantId, (tx) => page(tx, tenantId, batchId, status, after, size));
          for (const row of rows) {
            const it = item(batch, row);
            out += csvRecord([it.serial, it.status, row.gtin, batch.expiresOn, batch.batchNumber, it.elementString]);
          }
          if (rows.length > 0) after = rows[rows.length - 1].serial;
          if (out) controller.enqueue(encoder.encode(out));
          if (rows.length < size) controller.close();
        } catch (error) {
          logger.error({ err: error, tenantId, batchId, after }, 'serial export failed');
          controller.error(error);
        }
      },
    },
    { highWaterMark: 0 },
  );
  return { filename: `serials-${batch.batchNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.csv`, stream };
}
