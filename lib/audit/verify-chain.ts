import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { copyRows, copyRowsSupported } from './copy-rows';
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
 * Events not chained yet (no seq) are not part of the chain and are skipped.
 *
 * Inside the caller's transaction, one pass with memory of a few rows or pages whatever the chain's length. The
 * database only reads rows and prints them as text; hashing runs in Node. On PostgreSQL the whole chain is one
 * `COPY … TO STDOUT` (lib/audit/copy-rows.ts: no per-row result objects); on PGlite, keyset pages of `pageSize`
 * events by seq on the (tenant_id, seq) index, the next page read while this one is hashed.
 */
export async function verifyAuditChain(ctx: TenantContext, options: { pageSize?: number } = {}): Promise<ChainVerification> {
  requirePermission(ctx, 'audit.read');
  const walk = new ChainWalk();
  // The tenant as hashed is the one the query selects by (`tenant_id = …`): the same uuid, printed the same.
  const tenantId = ctx.tenant.id.toLowerCase();
  if (await copyRowsSupported()) await walkByCopy(ctx, tenantId, walk);
  else await walkByPages(ctx, tenantId, walk, options.pageSize ?? VERIFY_PAGE_SIZE);
  return walk.verdict();
}

/** The check of each event in turn; past the first break only the count goes on. */
class ChainWalk {
  private previousHash = GENESIS_HASH;
  private checked = 0;
  private brokenAt: ChainVerification['brokenAt'];

  /** The next event of the chain: its stored prev_hash and hash, and its fields as hashed. */
  next(prevHash: string, hash: string, row: AuditChainRow): void {
    this.checked += 1;
    if (this.brokenAt) return;
    if (row.seq !== this.checked || prevHash !== this.previousHash || hash !== auditEventHash(prevHash, row)) {
      this.brokenAt = { id: row.id, seq: row.seq };
    }
    this.previousHash = hash;
  }

  verdict(): ChainVerification {
    return this.brokenAt ? { valid: false, checked: this.checked, brokenAt: this.brokenAt } : { valid: true, checked: this.checked };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The chain as one COPY in the caller's transaction (its role and tenant: row-level security applies). COPY takes no
 * parameters: the tenant's id is written into the statement, checked to be a uuid first.
 */
async function walkByCopy(ctx: TenantContext, tenantId: string, walk: ChainWalk): Promise<void> {
  if (!UUID.test(tenantId)) throw new Error('verifyAuditChain: the tenant id is not a uuid');
  const select = `
    select e.id, e.seq, ${AUDIT_OCCURRED_AT_TEXT_SQL}, e.actor_type, e.actor_id, e.actor_name, e.action, e.target_type,
           e.target_id, e.before, e.after, e.reason, e.request_id, e.ip, e.user_agent, e.prev_hash, e.hash
      from audit_events e
     where e.tenant_id = '${tenantId}' and e.seq is not null
     order by e.seq`;
  await copyRows(ctx.db, select, 17, (f) =>
    walk.next(f[15]!, f[16]!, {
      id: f[0]!,
      tenantId,
      seq: Number(f[1]),
      occurredAt: occurredAtFromText(f[2]!),
      actorType: f[3]!,
      actorId: f[4],
      actorName: f[5],
      action: f[6]!,
      targetType: f[7],
      targetId: f[8],
      before: f[9],
      after: f[10],
      reason: f[11],
      requestId: f[12],
      ip: f[13],
      userAgent: f[14],
    }),
  );
}

/** The chain in keyset pages by seq (PGlite), one page read ahead. */
async function walkByPages(ctx: TenantContext, tenantId: string, walk: ChainWalk, pageSize: number): Promise<void> {
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
      walk.next(row.prev_hash, row.hash, {
        id: row.id,
        tenantId,
        seq: Number(row.seq),
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
      });
    }
    if (last) break;
  }
}
