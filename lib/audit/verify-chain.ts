import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';

export type ChainVerification = { valid: boolean; checked: number; brokenAt?: { id: string; seq: number } };

/**
 * Walk the tenant's hash chain in the database: every event's hash must equal the hash of its canonical
 * form chained to the previous event's hash, and sequence numbers must run 1, 2, 3… without a gap.
 * Reports the first event where that fails. One streaming query; nothing is loaded into memory.
 */
export async function verifyAuditChain(ctx: TenantContext): Promise<ChainVerification> {
  requirePermission(ctx, 'audit.read');
  const result = await ctx.db.execute(sql`
    with ordered as (
      select e.id, e.seq, e.hash, e.prev_hash,
             audit_event_hash(e.prev_hash, e) as expected,
             lag(e.hash) over (order by e.seq) as previous_hash,
             row_number() over (order by e.seq) as position
      from audit_events e
      where e.tenant_id = ${ctx.tenant.id}
    ), broken as (
      select id, seq from ordered
      where hash <> expected
         or prev_hash <> coalesce(previous_hash, repeat('0', 64))
         or seq <> position
      order by seq limit 1
    )
    select (select count(*) from ordered)::int as checked,
           (select id::text from broken) as broken_id,
           (select seq from broken)::bigint as broken_seq`);
  const [first] = rowsOf<{ checked: number; broken_id: string | null; broken_seq: string | number | null }>(result);
  if (first.broken_id) {
    return { valid: false, checked: Number(first.checked), brokenAt: { id: first.broken_id, seq: Number(first.broken_seq) } };
  }
  return { valid: true, checked: Number(first.checked) };
}
