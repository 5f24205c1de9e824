import type { z } from 'zod';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { auditEvents } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { csvRecord } from '@/lib/http/csv';
import { exportContentType, exportFilename, pagedExportStream } from '@/lib/http/export-file';
import { now } from '@/lib/platform/clock';
import { auditEventView } from './audit-event-view';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { parseInput } from '@/lib/validation';
import { auditFilterConditions } from './list-audit-events';
import { recordAudit } from './record';
import { auditExportQuerySchema, type AuditEventFilters, type AuditExportFormat } from './schemas';

/**
 * Rows read per page of an export, each page in its own short tenant transaction. 10,000 was ~15 % faster (wall) but
 * postgres.js connections keep memory after a page in proportion to it (measured: ~6 MB per pooled connection a 10,000-row
 * page ran on, ~2.3 MB at 2,000; with pool 40 heap after a full GC 263 MB vs 110 MB): the bound is pool × page.
 */
export const EXPORT_PAGE_SIZE = 2_000;

export type AuditExport = {
  format: AuditExportFormat;
  contentType: string;
  /** `audit-events-<tenant>-<YYYY-MM-DD>.<format>` */
  filename: string;
  /** The export holds the matching events up to this sequence number: the head of the chain when it started. */
  throughSeq: number;
  /** The file, produced page by page as it is read: memory stays at one page whatever the trail's length. */
  stream: ReadableStream<Uint8Array>;
};

type Row = typeof auditEvents.$inferSelect;

/** CSV columns, in order. `before` and `after` are JSON text. Cells are written by lib/http/csv.ts (formulas defused). */
export const CSV_COLUMNS = [
  'seq',
  'id',
  'occurredAt',
  'actorType',
  'actorId',
  'actorName',
  'action',
  'targetType',
  'targetId',
  'reason',
  'before',
  'after',
  'requestId',
  'ip',
  'userAgent',
  'prevHash',
  'hash',
] as const;

/**
 * `GET /api/v1/tenants/{tenant}/audit-events/export?format=csv|json`: the filtered trail (the list's filters) as a
 * file, oldest first. Needs `audit.export`. Inside the caller's transaction it checks the permission and the filters,
 * fixes the end of the export at the chain's current head, and records `audit.exported` (format, filters, last
 * sequence) — the export itself is in the trail, though not in its own file. The returned stream then reads keyset
 * pages by sequence, each in its own short tenant transaction: it never uses `ctx.db`, which is gone by the time the
 * file is read, and it holds one page in memory at a time.
 */
export async function exportAuditEvents(
  ctx: TenantContext,
  input: z.input<typeof auditExportQuerySchema> = {},
  options: { pageSize?: number } = {},
): Promise<AuditExport> {
  requirePermission(ctx, 'audit.export');
  const { format, ...filters } = parseInput(auditExportQuerySchema, input ?? {});
  auditFilterConditions(ctx.tenant.id, filters); // `from` after `to`: 400 now, before anything is recorded or streamed
  const [head] = await ctx.db
    .select({ seq: sql<number>`coalesce(max(${auditEvents.seq}), 0)`.mapWith(Number) })
    .from(auditEvents)
    .where(eq(auditEvents.tenantId, ctx.tenant.id));
  const throughSeq = head?.seq ?? 0;
  const given = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
  await recordAudit(ctx, {
    action: 'audit.exported',
    targetType: 'audit_trail',
    after: { format, filters: given, throughSeq },
  });
  return {
    format,
    contentType: exportContentType(format),
    filename: exportFilename('audit-events', ctx.tenant.slug, format, now()),
    throughSeq,
    stream: exportStream(ctx.tenant.id, filters, format, throughSeq, options.pageSize ?? EXPORT_PAGE_SIZE),
  };
}

type PageRow = {
  id: string;
  tenant_id: string | null;
  seq: string | number;
  occurred_at: string | Date;
  actor_type: Row['actorType'];
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  prev_hash: string;
  hash: string;
};

/** jsonb as either driver gives it in a raw query: parsed already, or text (as drizzle's own jsonb column reads it). */
const jsonValue = (value: unknown) =>
  (typeof value === 'string' ? (JSON.parse(value) as unknown) : value) as Record<string, unknown> | null;

/**
 * One page of matching events after `afterSeq`, up to `throughSeq`, oldest first, in its own tenant transaction. A raw
 * query mapped here rather than drizzle's select(): the builder's per-field mapping was the largest cost of an export.
 * The values are the ones drizzle's columns would give (time as a Date, jsonb parsed, seq a number).
 */
async function readPage(tenantId: string, filters: AuditEventFilters, afterSeq: number, throughSeq: number, size: number): Promise<Row[]> {
  const conditions = and(...auditFilterConditions(tenantId, filters), gt(auditEvents.seq, afterSeq), lte(auditEvents.seq, throughSeq));
  const result = await withTenant(tenantId, (tx) =>
    tx.execute(sql`
      select id, tenant_id, seq, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id,
             before, after, reason, request_id, ip, user_agent, prev_hash, hash
        from ${auditEvents}
       where ${conditions}
       order by seq
       limit ${size}`),
  );
  return rowsOf<PageRow>(result).map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    seq: Number(r.seq),
    occurredAt: typeof r.occurred_at === 'string' ? new Date(r.occurred_at) : r.occurred_at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    before: jsonValue(r.before),
    after: jsonValue(r.after),
    reason: r.reason,
    requestId: r.request_id,
    ip: r.ip,
    userAgent: r.user_agent,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

function exportStream(
  tenantId: string,
  filters: AuditEventFilters,
  format: AuditExportFormat,
  throughSeq: number,
  pageSize: number,
): ReadableStream<Uint8Array> {
  let afterSeq = 0;
  // One page read ahead: the database reads the next page while this one is written out (memory: two pages).
  let ahead: Promise<Row[]> | null = null;
  const read = (after: number) => {
    const page = readPage(tenantId, filters, after, throughSeq, pageSize);
    page.catch(() => undefined); // awaited by the next pull; this keeps an abandoned download from leaving it unhandled
    return page;
  };
  return pagedExportStream<Row>({
    format,
    csvHeader: () => csvRecord(CSV_COLUMNS),
    csvLine,
    jsonItem,
    nextPage: async () => {
      const rows = ahead ? await ahead : afterSeq < throughSeq ? await read(afterSeq) : [];
      ahead = null;
      if (rows.length > 0) afterSeq = rows[rows.length - 1].seq;
      const last = rows.length < pageSize || afterSeq >= throughSeq;
      if (!last) ahead = read(afterSeq);
      return { rows, last };
    },
    logContext: () => ({ tenantId, afterSeq }),
    failure: 'audit export failed',
  });
}

/**
 * The list's item (API.md) plus the chain fields, so an export can be checked for gaps and links: the view's fields in
 * its order with seq after the id. Written out key by key (this runs once per exported event; rest and spread copies
 * of the view cost about a fifth of the item's time); tests/integration/audit-events.test.ts checks the keys against
 * the list's item.
 */
function jsonItem(row: Row) {
  const view = auditEventView(row);
  return {
    id: view.id,
    seq: row.seq,
    occurredAt: view.occurredAt,
    actor: view.actor,
    action: view.action,
    targetType: view.targetType,
    targetId: view.targetId,
    before: view.before,
    after: view.after,
    reason: view.reason,
    requestId: view.requestId,
    ip: view.ip,
    userAgent: view.userAgent,
    hash: view.hash,
    prevHash: row.prevHash,
  };
}

/** One CSV record, cells in CSV_COLUMNS order (an array straight away: this runs once per exported event). */
function csvLine(row: Row): string {
  return csvRecord([
    row.seq,
    row.id,
    row.occurredAt.toISOString(),
    row.actorType,
    row.actorId,
    row.actorName,
    row.action,
    row.targetType,
    row.targetId,
    row.reason,
    row.before === null || row.before === undefined ? null : JSON.stringify(row.before),
    row.after === null || row.after === undefined ? null : JSON.stringify(row.after),
    row.requestId,
    row.ip,
    row.userAgent,
    row.prevHash,
    row.hash,
  ]);
}
