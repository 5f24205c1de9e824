/**
 * A table's order as it lives in the URL: `?sort=<column>&dir=asc|desc` (with a `prefix` when a page has two sorted
 * tables: `?<prefix>sort=…&<prefix>dir=…`). Pure, so server pages read the same order the client table shows
 * (prefetch with exactly the panel's query key):
 *
 *   const sort = readTableSort(await searchParams, { default: { id: 'joined', desc: false }, allowed: MEMBER_SORTS });
 */

/** The column a table is ordered by and whether the order is descending. */
export type TableSort = { id: string; desc: boolean };

export type TableSortOptions = {
  /** The order when the URL names none (or names one that is not allowed). */
  default: TableSort;
  /** The column ids that may be ordered by (a server list: the API's `sort` values). Absent: any id. */
  allowed?: readonly string[];
  /** Columns that have one direction only (a server order with one direction): the URL's `dir` is ignored for them. */
  fixed?: Readonly<Record<string, 'asc' | 'desc'>>;
  /** Parameter prefix for a second sorted table on one page. */
  prefix?: string;
};

/** Where a list's filters come from: the client's `useSearchParams()` or a server page's `searchParams` object. */
export type ParamSource = URLSearchParams | { get(name: string): string | null } | Record<string, string | string[] | undefined>;
type Source = ParamSource;

/** One URL parameter (the first when repeated), from either source; null when absent. */
export function readParam(source: ParamSource, name: string): string | null {
  return read(source, name);
}

function read(source: Source, name: string): string | null {
  if (typeof (source as URLSearchParams).get === 'function') return (source as URLSearchParams).get(name);
  const value = (source as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** The URL parameter names of a table's order. */
export function tableSortParams(prefix = ''): { sort: string; dir: string } {
  return { sort: `${prefix}sort`, dir: `${prefix}dir` };
}

/** The order named by the URL (`URLSearchParams`, `useSearchParams()` or a page's `searchParams` object), else the default. */
export function readTableSort(source: Source, options: TableSortOptions): TableSort {
  const names = tableSortParams(options.prefix);
  const id = read(source, names.sort);
  const dir = read(source, names.dir);
  if (!id || (options.allowed && !options.allowed.includes(id))) return options.default;
  const fixed = options.fixed?.[id];
  if (fixed) return { id, desc: fixed === 'desc' };
  if (dir === 'asc' || dir === 'desc') return { id, desc: dir === 'desc' };
  return { id, desc: id === options.default.id ? options.default.desc : false };
}

/** `asc` or `desc`, as the URL and the APIs spell it. */
export function sortDirection(sort: TableSort): 'asc' | 'desc' {
  return sort.desc ? 'desc' : 'asc';
}
