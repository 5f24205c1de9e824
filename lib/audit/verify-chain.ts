import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { AUDIT_OCCURRED_AT_TEXT_SQL, GENESIS_HASH, auditEventHash, occurredAtFromText, type AuditChainRow } from './chain-hash';

export type ChainVerification = { valid: boolean; checked: number; brokenAt?: { id: string; seq: number } };

/** Events read per page of the walk: memory holds one page, whatever the chain's length. */
export const VERIFY_PAGE_SIZE = 10_000;

type PageRow = {
  id: string;
  seq: string;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  prev_hash: string;
  hash: string;
};

const occurredAt = sql.raw(AUDIT_OCCURRED_AT_TEXT_SQL);

/**
 * Walk the tenant's hash chain once, oldest first: every event's hash must equal the hash of its canonical form
 * chained to the previous event's hash (computed here, lib/audit/chain-hash.ts, the same as the database's
 * audit_event_hash), its prev_hash must be the previous event's hash (zeros for the first), and sequence numbers must
 * run 1, 2, 3… without a gap. Reports the first event where that fails; `checked` counts every event of the chain.
 *
 * Keyset pages of `pageSize` events by seq on the (tenant_id, seq) index, inside the caller's transaction: one pass,
 * memory of two pages (the next is read while this one is hashed). The database only reads rows and prints them as
 * text; hashing runs in Node.
 */
export async function verifyAuditChain(ctx: TenantContext, options: { pageSize?: number } = {}): Promise<ChainVerification> {
  requirePermission(ctx, 'audit.read');
  const pageSize = options.pageSize ?? VERIFY_PAGE_SIZE;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  let brokenAt: ChainVerification['brokenAt'];
  const tenantId = ctx.tenant.id.toLowerCase(); // as uuid prints
  const readPage = async (afterSeq: number) =>
    rowsOf<PageRow>(
      await ctx.db.execute(sql`
        select e.id::text as id, e.seq::text as seq, ${occurredAt} as occurred_at,
               e.actor_type, e.actor_id, e.actor_name, e.action, e.target_type, e.target_id,
               e.before::text as before, e.after::text as after, e.reason, e.request_id, e.ip, e.user_agent,
               e.prev_hash, e.hash
          from audit_events e
         where e.tenant_id = ${ctx.tenant.id} and e.seq > ${afterSeq}
         order by e.seq
         limit ${pageSize}`),
    );
  let page = readPage(Number.MIN_SAFE_INTEGER);
  for (;;) {
    const rows = await page;
    const last = rows.length < pageSize;
    // The next page is asked for before this one is hashed: the database reads while Node hashes (one page ahead).
    if (!last) {
      page = readPage(Number(rows[rows.length - 1].seq));
      page.catch(() => undefined); // awaited below; this keeps a failure while hashing from leaving it unhandled
    }
    for (const row of rows) {
      checked += 1;
      if (brokenAt) continue; // past the first break only the count matters
      const seq = Number(row.seq);
      if (seq !== checked || row.prev_hash !== previousHash || row.hash !== auditEventHash(row.prev_hash, chainRow(row, tenantId, seq))) {
        brokenAt = { id: row.id, seq };
      }
      previousHash = row.hash;
    }
    if (last) break;
  }
  return brokenAt ? { valid: false, checked, brokenAt } : { valid: true, checked };
}

/** The page row as hashed. Its tenant is the one the query selected by (`tenant_id = …`): the same uuid, printed the same. */
function chainRow(row: PageRow, tenantId: string, seq: number): AuditChainRow {
  return {
    id: row.id,
    tenantId,
    seq,
    occurredAt: occurredAtFromText(row.occurred_at),
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before,
    after: row.after,
    reason: row.reason,
    requestId: row.request_id,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}
