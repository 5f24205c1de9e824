import type { z } from 'zod';
import { and, asc, eq, gt, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { decodeCursor, encodeCursor } from '@/lib/keyset-cursor';
import { orderColumns, rowsAfter } from '@/lib/list-order';
import type { Tx } from '@/db/client';
import { SERIAL_STATUSES, serials } from '@/db/schema/serials';
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

/**
 * Where a page of the list starts: the last serial of the page before (and its status, in the status order). The
 * default order (serial, A–Z) keeps its cursor, the bare serial; the others carry `[sort.dir, status|null, serial]`.
 */
type After = { status: SerialStatus | null; serial: string };

function decodeAfter(cursor: string | undefined, tag: string, defaultOrder: boolean): After | null {
  if (!cursor) return null;
  if (defaultOrder) {
    if (!isSerial(cursor)) throw validationFailed([{ path: 'query.cursor', message: 'Not a cursor from this list.' }], 'Invalid query.');
    return { status: null, serial: cursor };
  }
  const [, status, serial] = decodeCursor(
    cursor,
    (v): v is [string, SerialStatus | null, string] =>
      Array.isArray(v) &&
      v.length === 3 &&
      v[0] === tag &&
      (v[1] === null || (SERIAL_STATUSES as readonly unknown[]).includes(v[1])) &&
      typeof v[2] === 'string' &&
      isSerial(v[2]),
  );
  if (tag.startsWith('status.') && status === null)
    throw validationFailed([{ path: 'query.cursor', message: 'Not a cursor from this list.' }], 'Invalid query.');
  return { status, serial };
}

/** The serial's element string; the GTIN is the serial's own (the one it was issued under). */
const item = (batch: Identity, row: { serial: string; status: SerialStatus; gtin: string }): SerialItem => ({
  serial: row.serial,
  status: row.status,
  elementString: elementString({ gtin: row.gtin, expiresOn: batch.expiresOn, batchNumber: batch.batchNumber, serial: row.serial }),
});

/**
 * `GET batches/{id}/serials` (`serials.read`): the batch's serials, optionally of one status, in serial order (the
 * default) or grouped by status (`?sort=status`), either way A–Z or Z–A (`?dir=`); keyset cursor. Both orders
 * follow the indexes on (tenant, batch, serial) and (tenant, batch, status, serial). Items `{serial, status, elementString}`.
 */
export async function listSerials(
  ctx: TenantContext,
  batchId: string,
  query: z.input<typeof listSerialsQuerySchema> = {},
): Promise<{ data: SerialItem[]; nextCursor: string | null }> {
  requirePermission(ctx, 'serials.read');
  const { limit, cursor, status, sort, dir = 'asc' } = parseInput(listSerialsQuerySchema, query ?? {});
  const tag = `${sort}.${dir}`;
  const defaultOrder = sort === 'serial' && dir === 'asc';
  const after = decodeAfter(cursor, tag, defaultOrder);
  const batch = await loadBatchRow(ctx, batchId);
  const columns: SQLWrapper[] = sort === 'status' ? [serials.status, serials.serial] : [serials.serial];
  const conditions: SQL[] = [eq(serials.tenantId, ctx.tenant.id), eq(serials.batchId, batchId)];
  if (status) conditions.push(eq(serials.status, status));
  if (after)
    conditions.push(rowsAfter(dir, columns, sort === 'status' ? [sql`${after.status}`, sql`${after.serial}`] : [sql`${after.serial}`]));
  const rows = await ctx.db
    .select({ serial: serials.serial, status: serials.status, gtin: serials.gtin })
    .from(serials)
    .where(and(...conditions))
    .orderBy(...orderColumns(dir, columns))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    data: shown.map((r) => item(batch, r)),
    nextCursor:
      rows.length > limit && last
        ? defaultOrder
          ? last.serial
          : encodeCursor([tag, sort === 'status' ? last.status : null, last.serial])
        : null,
  };
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
