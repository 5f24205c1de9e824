import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';

/**
 * The table scans PostgreSQL (or PGlite) plans for `query`, as "<node type> on <table>" ("Seq Scan on member_roles",
 * "Index Scan on roles"), read from EXPLAIN (FORMAT JSON) in the caller's transaction, so its role and row-level
 * security apply. Tests check with it that a query reads a table by index, not whole.
 */
export async function plannedScans(tx: Tx, query: SQL): Promise<string[]> {
  const [row] = rowsOf<{ 'QUERY PLAN': unknown }>(await tx.execute(sql`explain (format json) ${query}`));
  const document = row['QUERY PLAN'];
  const [{ Plan }] = (typeof document === 'string' ? JSON.parse(document) : document) as Array<{ Plan: Record<string, unknown> }>;
  const scans: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Relation Name'] === 'string') scans.push(`${String(node['Node Type'])} on ${node['Relation Name']}`);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(Plan);
  return scans;
}
