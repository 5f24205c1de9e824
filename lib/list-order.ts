import { z } from 'zod';
import { asc, desc, sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * The direction half of a list's order (`?sort=…&dir=asc|desc`) and the keyset pieces that follow it. Each list
 * names its own `sort` values and their default direction; `dir` left out means that default.
 */
export const SORT_DIRS = ['asc', 'desc'] as const;
export type SortDir = (typeof SORT_DIRS)[number];
export const sortDirSchema = z.enum(SORT_DIRS, { message: 'Use asc or desc.' });

/** ORDER BY the columns, all in `dir` (the id last, so ties are broken in the same direction). */
export const orderColumns = (dir: SortDir, columns: SQLWrapper[]): SQL[] => columns.map((c) => (dir === 'asc' ? asc(c) : desc(c)));

/** The rows after a cursor's row in that order: one row comparison over the same columns (none of them null). */
export const rowsAfter = (dir: SortDir, columns: SQLWrapper[], values: SQLWrapper[]): SQL =>
  sql`(${sql.join(columns, sql`, `)}) ${dir === 'asc' ? sql`>` : sql`<`} (${sql.join(values, sql`, `)})`;

/**
 * The tag a cursor carries for its order: the sort alone in its default direction (the form cursors had before
 * `dir` existed), `sort.dir` otherwise. A cursor of another order is refused (400 naming `query.cursor`).
 */
export const orderTag = (sort: string, dir: SortDir, defaultDir: SortDir): string => (dir === defaultDir ? sort : `${sort}.${dir}`);
