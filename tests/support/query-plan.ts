import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';

type PlanNode = Record<string, unknown>;

/** Every node of the plan PostgreSQL (or PGlite) makes for `query`, from EXPLAIN (FORMAT JSON) in the caller's transaction. */
async function planNodes(tx: Tx, query: SQL): Promise<PlanNode[]> {
  const [row] = rowsOf<{ 'QUERY PLAN': unknown }>(await tx.execute(sql`explain (format json) ${query}`));
  const document = row['QUERY PLAN'];
  const [{ Plan }] = (typeof document === 'string' ? JSON.parse(document) : document) as Array<{ Plan: PlanNode }>;
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    for (const child of (node.Plans as PlanNode[] | undefined) ?? []) walk(child);
  };
  walk(Plan);
  return nodes;
}

/**
 * The table scans PostgreSQL (or PGlite) plans for `query`, as "<node type> on <table>" ("Seq Scan on member_roles",
 * "Index Scan on roles"), read from EXPLAIN (FORMAT JSON) in the caller's transaction, so its role and row-level
 * security apply. Tests check with it that a query reads a table by index, not whole.
 */
export async function plannedScans(tx: Tx, query: SQL): Promise<string[]> {
  return (await planNodes(tx, query))
    .filter((node) => typeof node['Relation Name'] === 'string')
    .map((node) => `${String(node['Node Type'])} on ${String(node['Relation Name'])}`);
}

/** The indexes the plan for `query` reads (index, index-only and bitmap index scans), by name. */
export async function plannedIndexes(tx: Tx, query: SQL): Promise<string[]> {
  return (await planNodes(tx, query)).flatMap((node) => (typeof node['Index Name'] === 'string' ? [node['Index Name']] : []));
}
