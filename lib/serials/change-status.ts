import type { z } from 'zod';
import { and, between, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { serials } from '@/db/schema/serials';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { DomainError, validationFailed } from '@/lib/errors';
import { loadBatchRow } from '@/lib/quality/records';
import { parseInput } from '@/lib/validation';
import type { SerialStatus } from '@/db/schema/serials';
import { IN_CIRCULATION, serialMovesInto } from './policy';
import { changeSerialStatusSchema } from './schemas';

const refused = (message: string) => new DomainError('invalid_transition', 409, message);

/**
 * `POST batches/{id}/serials/status {to, reason, serials? | range?}` (`serials.update`): move the named serials
 * (a list, or every serial of the batch from `range.from` to `range.to` inclusive, in serial order) to `to`,
 * all or nothing. 400 naming the field for bad input and for listed serials the batch does not have; 409
 * `invalid_transition` when any selected serial may not move to `to` (lib/serials/policy.ts), naming the
 * states that block. Audited as ONE `serials.status_changed` event with the count per previous status.
 */
export async function changeSerialStatus(
  ctx: TenantContext,
  batchId: string,
  input: z.input<typeof changeSerialStatusSchema>,
): Promise<{ to: SerialStatus; count: number }> {
  requirePermission(ctx, 'serials.update');
  const data = parseInput(changeSerialStatusSchema, input);
  await loadBatchRow(ctx, batchId, { forUpdate: true }); // 404; and one status change of a batch at a time
  const from = serialMovesInto(data.to);
  if (from.length === 0) throw refused(`No serial can move to ${data.to}.`);

  const listed = data.serials ? [...new Set(data.serials)] : null;
  const selection: SQL[] = [eq(serials.tenantId, ctx.tenant.id), eq(serials.batchId, batchId)];
  if (listed) selection.push(sql`${serials.serial} = any(${`{${listed.join(',')}}`}::text[])`);
  else selection.push(between(serials.serial, data.range!.from, data.range!.to));

  const groups = await ctx.db
    .select({ status: serials.status, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(serials)
    .where(and(...selection))
    .groupBy(serials.status);
  const total = groups.reduce((sum, g) => sum + g.n, 0);
  if (listed && total < listed.length) {
    const unknown = rowsOf<{ s: string }>(
      await ctx.db.execute(
        sql`select s from unnest(${`{${listed.join(',')}}`}::text[]) as s except select ${serials.serial} from ${serials}
            where ${and(eq(serials.tenantId, ctx.tenant.id), eq(serials.batchId, batchId))} order by 1 limit 5`,
      ),
    ).map((r) => r.s);
    throw validationFailed([
      {
        path: 'serials',
        message: `${listed.length - total} of the serials are not of this batch${unknown.length ? `, e.g. ${unknown.join(', ')}` : ''}.`,
      },
    ]);
  }
  if (total === 0) throw validationFailed([{ path: 'range', message: 'The batch has no serials in this range.' }]);
  const blocking = groups.filter((g) => !from.includes(g.status));
  if (blocking.length > 0) {
    throw refused(
      `${blocking.map((g) => `${g.n} ${g.status}`).join(', ')} serial(s) cannot move to ${data.to}; only ${from.join(', ')} serials can. Nothing was changed.`,
    );
  }

  const moved = await moveSerials(ctx, [...selection, inArray(serials.status, from)], data.to);
  // The batch row lock keeps other status changes out, but not a concurrent generation adding to a range.
  if (moved < total) throw refused('The serials changed while they were being moved; nothing was changed. Try again.');

  await recordAudit(ctx, {
    action: 'serials.status_changed',
    targetType: 'batch',
    targetId: batchId,
    before: { status: Object.fromEntries(groups.map((g) => [g.status, g.n])) },
    after: { status: data.to, count: moved, ...(listed ? { serials: listed } : { range: data.range }) },
    reason: data.reason,
  });
  return { to: data.to, count: moved };
}

async function moveSerials(ctx: TenantContext, where: SQL[], to: SerialStatus): Promise<number> {
  const result = await ctx.db.execute(
    sql`with moved as (update ${serials} set status = ${to} where ${and(...where)} returning 1) select count(*)::int as n from moved`,
  );
  return Number(rowsOf<{ n: number }>(result)[0].n);
}

/**
 * Part of a batch recall (lib/quality/transition-batch.ts, in the recall's transaction): every serial of the batch
 * still in circulation becomes `recalled`, audited as ONE `serials.recalled` event with the count.
 */
export async function recallBatchSerials(ctx: TenantContext, batchId: string, reason: string | null): Promise<number> {
  const moved = await moveSerials(
    ctx,
    [eq(serials.tenantId, ctx.tenant.id), eq(serials.batchId, batchId), inArray(serials.status, [...IN_CIRCULATION])],
    'recalled',
  );
  if (moved > 0) {
    await recordAudit(ctx, {
      action: 'serials.recalled',
      targetType: 'batch',
      targetId: batchId,
      after: { status: 'recalled', count: moved },
      reason,
    });
  }
  return moved;
}
