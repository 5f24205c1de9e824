import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/**
 * A statement of every request kept in the database as a PL/pgSQL function, so PostgreSQL plans it once per
 * connection whatever the client does. Sent as a plain statement, it is planned afresh on every request unless the
 * client prepares it, and behind PgBouncer in transaction mode (DATABASE_PREPARED_STATEMENTS=0) nothing is prepared:
 * planning the session facts alone cost about 2 ms of database CPU per request there, several times what running
 * them costs (tests/bench/REPORT.md). PL/pgSQL keeps its statements' plans for the connection's life.
 *
 * The query is still written once, by its modules (member-access.ts, session.ts, …): the function's body is
 * generated from it (statementFunctionSql; `npx tsx scripts/statement-functions-sql.ts` prints every function for a
 * migration), and tests/integration/statement-functions.test.ts fails when a migrated body differs from what the
 * modules build now. The function is SECURITY INVOKER: the caller's role, grants and row-level security apply to
 * every table it reads, as they did to the plain statement.
 */
export type StatementFunction = {
  name: string;
  /** The values the query is built from, in order: each becomes an argument of that name and type. */
  args: ReadonlyArray<{ name: string; type: 'uuid' | 'text' }>;
  /** The function's result columns (RETURNS TABLE). */
  columns: ReadonlyArray<{ name: string; type: string }>;
  /** The query, built by its modules from the argument values. */
  query: (...values: string[]) => SQL;
};

/** Stand-ins for the arguments while the body is built: each must reach the SQL as one of its parameters. */
function standIn(index: number, type: 'uuid' | 'text'): string {
  return type === 'uuid' ? `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}` : `statement-function-argument-${index + 1}`;
}

/** The PL/pgSQL body of `fn`: its query, each parameter replaced by the argument it was built from. */
export function statementFunctionBody(fn: StatementFunction): string {
  const standIns = fn.args.map((arg, i) => standIn(i, arg.type));
  const { sql: text, params } = new PgDialect().sqlToQuery(fn.query(...standIns));
  const query = text.replace(/\$(\d+)\b/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    const arg = standIns.indexOf(value as string);
    if (arg < 0) throw new Error(`${fn.name}: parameter $${n} (${JSON.stringify(value)}) is not one of the function's arguments`);
    return fn.args[arg].name;
  });
  return `
#variable_conflict use_column
BEGIN
  RETURN QUERY ${query.trim()};
END
`;
}

/** CREATE OR REPLACE FUNCTION for `fn` (run by a migration; grants are kept by CREATE OR REPLACE). */
export function statementFunctionSql(fn: StatementFunction): string {
  const args = fn.args.map((arg) => `${arg.name} ${arg.type}`).join(', ');
  const columns = fn.columns.map((column) => `${column.name} ${column.type}`).join(', ');
  return (
    `CREATE OR REPLACE FUNCTION ${fn.name}(${args})\nRETURNS TABLE (${columns})\n` +
    `LANGUAGE plpgsql STABLE AS $statement$${statementFunctionBody(fn)}$statement$;`
  );
}

/** The statement that calls `fn` with `values` (in the order of its arguments). */
export function callStatementFunction(fn: StatementFunction, ...values: string[]): SQL {
  if (values.length !== fn.args.length) throw new Error(`${fn.name} takes ${fn.args.length} arguments, not ${values.length}`);
  const args = sql.join(
    fn.args.map((arg, i) => sql`${values[i]}::${sql.raw(arg.type)}`),
    sql`, `,
  );
  return sql`select * from ${sql.identifier(fn.name)}(${args})`;
}
