import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { notFound, validationFailed } from '@/lib/errors';
import { cursorTimeValue, decodeCursor, encodeCursor, isCursorTime, isText, isUuid } from '@/lib/keyset-cursor';
import { orderColumns, orderTag, rowsAfter, type SortDir } from '@/lib/list-order';
import { loadAttributeDefinitions } from './member-attributes';
import { parseAttributeFilters, visibleAttributes, type AttributeFilter } from './member-attributes-policy';
import { MEMBER_SORT_DIRS, type MemberSort, type MemberView } from './member-schemas';
import type { MemberAttributeDefinition } from './schemas';
import { containsPattern } from '@/lib/like-pattern';

/**
 * Reading members of the tenant of `tx`. Every query names the tenant explicitly: inside a tenant
 * context the memberships policy also shows the caller's own memberships of other tenants.
 */
type Row = {
  id: string;
  status: 'active' | 'suspended' | 'removed';
  joined_at: string;
  cursor_at: string;
  sort_name: string;
  user_id: string;
  name: string;
  email: string;
  image: string | null;
  last_sign_in_at: string | null;
  roles: unknown;
  teams: unknown;
  attributes: unknown;
};

const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const parseRefs = (value: unknown): Array<{ id: string; name: string }> =>
  (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as Array<{ id: string; name: string }>;

const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

function view(row: Row, defs: readonly MemberAttributeDefinition[]): MemberView {
  return {
    id: row.id,
    user: { id: row.user_id, name: row.name, email: row.email, image: row.image },
    roles: parseRefs(row.roles),
    teams: parseRefs(row.teams),
    status: row.status,
    attributes: visibleAttributes(defs, parseJson(row.attributes)),
    lastSignInAt: row.last_sign_in_at,
    joinedAt: row.joined_at,
  };
}

/** Each order's column (the membership id breaks ties in the same direction). */
const COLUMNS: Record<MemberSort, SQL> = { joined: sql`m.created_at`, name: sql`lower(u.name)` };
const orderOf = (sort: MemberSort): SQL[] => [COLUMNS[sort], sql`m.id`];

async function selectMembers(
  tx: Tx,
  tenantId: string,
  where: SQL,
  limit: number,
  sort: MemberSort = 'joined',
  dir: SortDir = MEMBER_SORT_DIRS[sort],
  definitions?: readonly MemberAttributeDefinition[],
): Promise<Array<{ member: MemberView; cursor: Cursor }>> {
  const defs = definitions ?? (await loadAttributeDefinitions(tx, tenantId));
  const tag = orderTag(sort, dir, MEMBER_SORT_DIRS[sort]);
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select m.id, m.status, ${iso(sql`m.created_at`)} as joined_at,
             to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at, lower(u.name) as sort_name,
             u.id as user_id, u.name, u.email, u.image, ${iso(sql`u.last_sign_in_at`)} as last_sign_in_at, m.attributes,
             coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name) order by r.name)
                         from member_roles mr join roles r on r.id = mr.role_id
                        where mr.membership_id = m.id), '[]'::json) as roles,
             coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
                         from team_members tm join teams t on t.id = tm.team_id
                        where tm.membership_id = m.id), '[]'::json) as teams
        from memberships m join users u on u.id = m.user_id
       where m.tenant_id = ${tenantId} and ${where}
       order by ${sql.join(orderColumns(dir, orderOf(sort)), sql`, `)}
       limit ${limit}`),
  );
  return rows.map((row) => ({
    member: view(row, defs),
    cursor: { s: tag, k: sort === 'name' ? row.sort_name : row.cursor_at, id: row.id },
  }));
}

/**
 * Where the next page starts: the order's tag (`orderTag`: the sort alone in its default direction, so the cursors
 * from before `dir` keep working), the last row's sort key and its id (keyset pagination).
 */
type Cursor = { s: string; k: string; id: string };

/** A cursor of this order and direction whose key is a name, or a `cursorTime` of the join date. */
const isCursorOf =
  (sort: MemberSort, tag: string) =>
  (value: unknown): value is Cursor => {
    const c = value as Partial<Cursor> | null;
    return c?.s === tag && (sort === 'name' ? isText(c.k) : isCursorTime(c.k)) && isUuid(c.id);
  };

/** The members list's filters (everything but the page): what the list, its count and the export take alike. */
export type MemberListFilterOptions = {
  q?: string;
  role?: string;
  attribute?: string | string[];
  /** `active` or `suspended` only; left out, both (current members). */
  status?: 'active' | 'suspended';
};

/**
 * The SQL conditions of the filters on `memberships m join users u`, with the tenant's attribute definitions they
 * were read against; an attribute filter the definitions refuse is a 400 naming `query.attribute`.
 */
async function memberFilterConditions(
  tx: Tx,
  tenantId: string,
  options: MemberListFilterOptions,
): Promise<{ conditions: SQL[]; defs: MemberAttributeDefinition[] }> {
  const conditions: SQL[] = [options.status ? sql`m.status = ${options.status}` : sql`m.status in ('active', 'suspended')`];
  const defs = await loadAttributeDefinitions(tx, tenantId);
  if (options.attribute !== undefined) {
    const { filters, errors } = parseAttributeFilters(
      defs,
      typeof options.attribute === 'string' ? [options.attribute] : options.attribute,
    );
    if (errors.length) throw validationFailed(errors);
    conditions.push(...filters.map(attributeCondition));
  }
  if (options.q) {
    const pattern = containsPattern(options.q);
    conditions.push(sql`(u.name ilike ${pattern} or u.email ilike ${pattern})`);
  }
  if (options.role) {
    const role = options.role;
    const match = isUuid(role) ? sql`r.id = ${role}::uuid` : sql`r.name = ${role}`;
    conditions.push(sql`(
      exists (select 1 from member_roles mr join roles r on r.id = mr.role_id where mr.membership_id = m.id and ${match})
      or exists (select 1 from team_members tm join team_roles tr on tr.team_id = tm.team_id join roles r on r.id = tr.role_id
                  where tm.membership_id = m.id and ${match}))`);
  }
  return { conditions, defs };
}

/** How many members the filters keep (the members export records it). */
export async function countMemberRows(tx: Tx, tenantId: string, options: MemberListFilterOptions): Promise<number> {
  const { conditions } = await memberFilterConditions(tx, tenantId, options);
  const [row] = rowsOf<{ n: number | string }>(
    await tx.execute(sql`
      select count(*)::int as n
        from memberships m join users u on u.id = m.user_id
       where m.tenant_id = ${tenantId} and ${sql.join(conditions, sql` and `)}`),
  );
  return Number(row?.n ?? 0);
}

export async function listMemberRows(
  tx: Tx,
  tenantId: string,
  options: MemberListFilterOptions & {
    limit: number;
    cursor?: string;
    sort?: MemberSort;
    dir?: SortDir;
  },
): Promise<{ data: MemberView[]; nextCursor: string | null }> {
  const { conditions, defs } = await memberFilterConditions(tx, tenantId, options);
  const sort = options.sort ?? 'joined';
  const dir = options.dir ?? MEMBER_SORT_DIRS[sort];
  if (options.cursor) {
    const { k, id } = decodeCursor(options.cursor, isCursorOf(sort, orderTag(sort, dir, MEMBER_SORT_DIRS[sort])));
    conditions.push(rowsAfter(dir, orderOf(sort), [sort === 'name' ? sql`${k}` : cursorTimeValue(k), sql`${id}::uuid`]));
  }
  const rows = await selectMembers(tx, tenantId, sql.join(conditions, sql` and `), options.limit + 1, sort, dir, defs);
  const page = rows.slice(0, options.limit);
  const nextCursor = rows.length > options.limit ? encodeCursor(page[page.length - 1].cursor) : null;
  return { data: page.map((r) => r.member), nextCursor };
}

/** One attribute filter in SQL: text by a part in any case, the rest by the stored value itself (jsonb equality). */
function attributeCondition(filter: AttributeFilter): SQL {
  if (filter.type === 'text') {
    const pattern = containsPattern(String(filter.value));
    return sql`(m.attributes ->> ${filter.key}) ilike ${pattern}`;
  }
  return sql`m.attributes -> ${filter.key} = ${JSON.stringify(filter.value)}::jsonb`;
}

/** A current member (active or suspended) of the tenant by membership id, or 404 (unknown, removed or another tenant's). */
export async function loadActiveMember(tx: Tx, tenantId: string, membershipId: string): Promise<MemberView> {
  const [row] = await selectMembers(tx, tenantId, sql`m.id = ${membershipId} and m.status in ('active', 'suspended')`, 1);
  if (!row) throw notFound('member');
  return row.member;
}
