import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { teams } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { createTeam } from '@/lib/tenancy/create-team';
import { deleteTeam } from '@/lib/tenancy/delete-team';
import { setTeamMembers } from '@/lib/tenancy/set-team-members';
import { updateTeam } from '@/lib/tenancy/update-team';
import { GROUP_SCHEMA, LIST_RESPONSE_SCHEMA } from './discovery';
import { ScimError, scimInvalidValue, scimNotFound } from './errors';
import { parseScimFilter } from './filter';
import type { ScimResult } from './handle';
import { parsePatchOperations } from './patch';
import { scimPaging } from './policy';
import type { ScimContext } from './scim-context';

/**
 * SCIM Groups (RFC 7643 §4.2) are the tenant's teams: `displayName` is the team name, `members` its members (by
 * membership id, the User id). Changes go through the team functions (lib/tenancy), so a team's roles are given and
 * taken with its members as in the console, and every change is audited as `SCIM (<token name>)`.
 */

type Row = {
  id: string;
  name: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
  members: unknown;
};

const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const FILTERABLE = ['displayName', 'externalId', 'id'] as const;

function filterSql(filter: string | null): SQL {
  if (!filter) return sql`true`;
  const { attribute, value } = parseScimFilter(filter, FILTERABLE);
  const text = value === null ? null : String(value);
  if (attribute === 'displayName') return sql`lower(t.name) = lower(${text})`;
  if (attribute === 'externalId') return text === null ? sql`t.external_id is null` : sql`t.external_id = ${text}`;
  return sql`t.id::text = lower(${text})`;
}

async function selectGroups(ctx: ScimContext, where: SQL, limit: number, offset = 0): Promise<Row[]> {
  return rowsOf<Row>(
    await ctx.db.execute(sql`
      select t.id, t.name, t.external_id, ${iso(sql`t.created_at`)} as created_at, ${iso(sql`t.updated_at`)} as updated_at,
             coalesce((select json_agg(json_build_object('id', m.id, 'email', u.email) order by m.created_at, m.id)
                         from team_members tm join memberships m on m.id = tm.membership_id join users u on u.id = m.user_id
                        where tm.team_id = t.id and m.status in ('active', 'suspended')), '[]'::json) as members
        from teams t
       where t.tenant_id = ${ctx.tenant.id} and ${where}
       order by t.created_at, t.id
       limit ${limit} offset ${offset}`),
  );
}

async function loadRow(ctx: ScimContext, id: string): Promise<Row> {
  const [row] = await selectGroups(ctx, sql`t.id = ${id}::uuid`, 1);
  if (!row) throw scimNotFound('group');
  return row;
}

/** `excludedAttributes=members` (Entra ID asks so) leaves the member list out. */
const withoutMembers = (query?: URLSearchParams) =>
  (query?.get('excludedAttributes') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .includes('members');

function resource(ctx: ScimContext, row: Row, options: { members?: boolean } = {}) {
  const members = (parseJson(row.members) ?? []) as Array<{ id: string; email: string }>;
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.external_id !== null ? { externalId: row.external_id } : {}),
    displayName: row.name,
    ...(options.members === false
      ? {}
      : { members: members.map((m) => ({ value: m.id, display: m.email, $ref: `${ctx.base}/Users/${m.id}` })) }),
    meta: { resourceType: 'Group', created: row.created_at, lastModified: row.updated_at, location: `${ctx.base}/Groups/${row.id}` },
  };
}

export async function listGroups(ctx: ScimContext, query: URLSearchParams) {
  const paging = scimPaging(query.get('startIndex') ?? undefined, query.get('count') ?? undefined);
  if ('error' in paging) throw scimInvalidValue(paging.error);
  const where = filterSql(query.get('filter'));
  const [{ total }] = rowsOf<{ total: number }>(
    await ctx.db.execute(sql`select count(*)::int as total from teams t where t.tenant_id = ${ctx.tenant.id} and ${where}`),
  );
  const rows = paging.limit > 0 ? await selectGroups(ctx, where, paging.limit, paging.offset) : [];
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: Number(total),
    itemsPerPage: rows.length,
    startIndex: paging.startIndex,
    Resources: rows.map((row) => resource(ctx, row, { members: !withoutMembers(query) })),
  };
}

export async function getGroup(ctx: ScimContext, id: string, query?: URLSearchParams) {
  return resource(ctx, await loadRow(ctx, id), { members: !withoutMembers(query) });
}

function displayNameOf(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw scimInvalidValue('displayName is required: the team name.');
  return value.trim();
}

function externalIdOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw scimInvalidValue('externalId must be a string.');
  return value.trim() || null;
}

/** Member ids of a `members` value: `[{value: id}, …]`. */
function memberIdsOf(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((m, i) => {
    if (!isObject(m) || typeof m.value !== 'string') throw scimInvalidValue(`members[${i}].value must be a member id.`);
    return m.value.toLowerCase();
  });
}

/** setTeamMembers, with a member id that names no member of the tenant answered in SCIM words. */
async function setMembers(ctx: ScimContext, id: string, membershipIds: string[]): Promise<void> {
  const unique = [...new Set(membershipIds)];
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const bad = unique.find((m) => !UUID.test(m));
  if (bad) throw scimInvalidValue(`No member of this tenant has the id ${bad}.`);
  await setTeamMembers(ctx, id, { membershipIds: unique });
}

async function setExternalId(ctx: ScimContext, id: string, before: string | null, externalId: string | null): Promise<void> {
  if (before === externalId) return;
  if (externalId) {
    const [taken] = await ctx.db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.tenantId, ctx.tenant.id), eq(teams.externalId, externalId), ne(teams.id, id)))
      .limit(1);
    if (taken) throw new ScimError(409, `Another team has externalId ${externalId}.`, 'uniqueness');
  }
  await ctx.db
    .update(teams)
    .set({ externalId, updatedAt: sql`now()` })
    .where(and(eq(teams.tenantId, ctx.tenant.id), eq(teams.id, id)));
  await recordAudit(ctx, {
    action: 'team.updated',
    targetType: 'team',
    targetId: id,
    before: { externalId: before },
    after: { externalId },
  });
}

async function rename(ctx: ScimContext, row: Row, name: string): Promise<void> {
  if (name === row.name) return;
  try {
    await updateTeam(ctx, row.id, { name });
  } catch (error) {
    throw uniqueName(error, name);
  }
}

function uniqueName(error: unknown, name: string): unknown {
  const code = (error as { code?: string }).code;
  return code === 'conflict' ? new ScimError(409, `A team named ${name} already exists.`, 'uniqueness') : error;
}

/** POST /Groups: a team (no roles: an admin gives the team its roles in Custos), with its externalId and members. */
export async function createGroup(ctx: ScimContext, body: unknown): Promise<ScimResult> {
  if (!isObject(body)) throw new ScimError(400, 'Send a Group resource as a JSON object.', 'invalidSyntax');
  const name = displayNameOf(body.displayName);
  const externalId = externalIdOf(body.externalId);
  const members = memberIdsOf(body.members);
  const team = await createTeam(ctx, { name }).catch((error: unknown) => {
    throw uniqueName(error, name);
  });
  await setExternalId(ctx, team.id, null, externalId);
  if (members.length > 0) await setMembers(ctx, team.id, members);
  return { status: 201, body: resource(ctx, await loadRow(ctx, team.id)), location: `${ctx.base}/Groups/${team.id}` };
}

/** PUT /Groups/{id}: name, externalId and the whole member list (Okta replaces members so). */
export async function replaceGroup(ctx: ScimContext, id: string, body: unknown) {
  if (!isObject(body)) throw new ScimError(400, 'Send a Group resource as a JSON object.', 'invalidSyntax');
  const row = await loadRow(ctx, id);
  const name = displayNameOf(body.displayName);
  const externalId = externalIdOf(body.externalId);
  await rename(ctx, row, name);
  await setExternalId(ctx, id, row.external_id, externalId);
  const current = ((parseJson(row.members) ?? []) as Array<{ id: string }>).map((m) => m.id);
  const wanted = memberIdsOf(body.members);
  if (!sameSet(current, wanted)) await setMembers(ctx, id, wanted);
  return resource(ctx, await loadRow(ctx, id));
}

const MEMBER_FILTER_PATH = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i;

/**
 * PATCH /Groups/{id}: Entra ID's `{op:"Add", path:"members", value:[{value}]}` and `{op:"Remove",
 * path:"members[value eq \"id\"]"}`, Okta's `replace` of `members` or of `{displayName}` without a path, and
 * `displayName` / `externalId` by path. The member list is worked out first and replaced once.
 */
export async function patchGroup(ctx: ScimContext, id: string, body: unknown, query?: URLSearchParams) {
  const operations = parsePatchOperations(body);
  const row = await loadRow(ctx, id);
  const current = ((parseJson(row.members) ?? []) as Array<{ id: string }>).map((m) => m.id);
  let members = [...current];
  let name: string | undefined;
  let externalId: string | null | undefined;
  const attribute = (path: string, op: string, value: unknown) => {
    const lower = path.toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:group:/, '');
    const filtered = MEMBER_FILTER_PATH.exec(path);
    if (filtered) {
      if (op !== 'remove') throw new ScimError(400, 'Only remove works on a filtered member path.', 'invalidPath');
      const gone = filtered[1].toLowerCase();
      members = members.filter((m) => m !== gone);
      return;
    }
    if (lower === 'members') {
      if (op === 'add') members = [...members, ...memberIdsOf(value).filter((m) => !members.includes(m))];
      else if (op === 'replace') members = memberIdsOf(value);
      else if (value === undefined || value === null) members = [];
      else {
        const gone = new Set(memberIdsOf(value));
        members = members.filter((m) => !gone.has(m));
      }
      return;
    }
    if (lower === 'displayname') {
      if (op === 'remove') throw new ScimError(400, 'displayName is required: it cannot be removed.', 'mutability');
      name = displayNameOf(value);
      return;
    }
    if (lower === 'externalid') {
      externalId = op === 'remove' ? null : externalIdOf(value);
      return;
    }
    if (lower === 'id') throw new ScimError(400, 'id cannot be changed.', 'mutability');
    throw new ScimError(400, `Groups have no attribute ${path} that can be changed.`, 'invalidPath');
  };
  for (const operation of operations) {
    if (operation.path === null) {
      if (!isObject(operation.value)) throw scimInvalidValue('An operation without a path needs an object value.');
      for (const [key, value] of Object.entries(operation.value)) {
        if (key === 'id' || key === 'schemas' || key === 'meta') continue;
        attribute(key, operation.op, value);
      }
    } else {
      // Remove's value (Entra may send the members to remove with path "members") is read by `attribute`.
      attribute(operation.path, operation.op, operation.op === 'remove' ? (operation.value ?? null) : operation.value);
    }
  }
  if (name !== undefined) await rename(ctx, row, name);
  if (externalId !== undefined) await setExternalId(ctx, id, row.external_id, externalId);
  if (!sameSet(current, members)) await setMembers(ctx, id, members);
  return resource(ctx, await loadRow(ctx, id), { members: !withoutMembers(query) });
}

/** DELETE /Groups/{id}: the team is deleted (its members stay members; they lose the team's roles). */
export async function deleteGroup(ctx: ScimContext, id: string): Promise<void> {
  await loadRow(ctx, id);
  await deleteTeam(ctx, id);
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}
