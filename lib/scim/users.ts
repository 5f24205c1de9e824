import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { memberRoles, memberships, teamMembers, users } from '@/db/schema';
import { recordAudit, recordPlatformAudit } from '@/lib/audit/record';
import { reserveSeat } from '@/lib/invitations/seats';
import { now } from '@/lib/platform/clock';
import { loadAttributeDefinitions } from '@/lib/tenancy/member-attributes';
import { attributeDiff, mergeAttributes } from '@/lib/tenancy/member-attributes-policy';
import { reactivateMember } from '@/lib/tenancy/reactivate-member';
import { suspendMember } from '@/lib/tenancy/suspend-member';
import { ENTERPRISE_USER_SCHEMA, LIST_RESPONSE_SCHEMA, USER_SCHEMA } from './discovery';
import { ScimError, scimInvalidValue, scimNotFound } from './errors';
import { parseScimFilter } from './filter';
import type { ScimResult } from './handle';
import { parsePatchOperations, type PatchOperation } from './patch';
import {
  DIRECTORY_SUSPENSION_REASON,
  directoryOwnsAccount,
  ENTERPRISE_ATTRIBUTE_KEYS,
  ENTERPRISE_ATTRIBUTE_MEMBER_KEY,
  type EnterpriseAttribute,
  nameFromScim,
  scimBoolean,
  scimPaging,
  isEmailAddress,
} from './policy';
import { asOwner, type ScimContext } from './scim-context';

/**
 * SCIM Users (RFC 7643 §4.1) are the tenant's members: `id` is the membership id, `userName` and the one work email
 * the account's address, `active` whether the membership is active (false: suspended). The enterprise extension's
 * employeeNumber, department and manager fill the tenant's member attributes of the same key where defined.
 */

type Row = {
  id: string;
  status: 'active' | 'suspended' | 'removed';
  external_id: string | null;
  provisioned_by: 'sso' | 'scim' | null;
  attributes: unknown;
  created_at: string;
  modified_at: string;
  user_id: string;
  email: string;
  name: string;
  teams: unknown;
};

const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

const FILTERABLE = ['userName', 'externalId', 'emails.value', 'id', 'displayName', 'active'] as const;

function filterSql(ctx: ScimContext, filter: string | null): SQL {
  if (!filter) return sql`true`;
  const { attribute, value } = parseScimFilter(filter, FILTERABLE);
  const text = value === null ? null : String(value);
  switch (attribute) {
    case 'userName':
    case 'emails.value':
      return sql`lower(u.email) = lower(${text})`;
    case 'externalId':
      return text === null ? sql`m.external_id is null` : sql`m.external_id = ${text}`;
    case 'id':
      return sql`m.id::text = lower(${text})`;
    case 'displayName':
      return sql`lower(u.name) = lower(${text})`;
    case 'active':
      if (typeof value !== 'boolean') throw new ScimError(400, 'active compares with true or false.', 'invalidFilter');
      return value ? sql`m.status = 'active'` : sql`m.status = 'suspended'`;
    default:
      return sql`false`;
  }
}

async function selectUsers(ctx: ScimContext, where: SQL, limit: number, offset = 0): Promise<Row[]> {
  return rowsOf<Row>(
    await ctx.db.execute(sql`
      select m.id, m.status, m.external_id, m.provisioned_by, m.attributes,
             ${iso(sql`m.created_at`)} as created_at, ${iso(sql`greatest(m.created_at, m.suspended_at, m.last_active_at)`)} as modified_at,
             u.id as user_id, u.email, u.name,
             coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
                         from team_members tm join teams t on t.id = tm.team_id
                        where tm.membership_id = m.id), '[]'::json) as teams
        from memberships m join users u on u.id = m.user_id
       where m.tenant_id = ${ctx.tenant.id} and m.status in ('active', 'suspended') and ${where}
       order by m.created_at, m.id
       limit ${limit} offset ${offset}`),
  );
}

async function loadRow(ctx: ScimContext, id: string): Promise<Row> {
  const [row] = await selectUsers(ctx, sql`m.id = ${id}::uuid`, 1);
  if (!row) throw scimNotFound('user');
  return row;
}

/** The member as a SCIM User resource. */
function resource(ctx: ScimContext, row: Row, defs: Awaited<ReturnType<typeof loadAttributeDefinitions>>) {
  const stored = (parseJson(row.attributes) ?? {}) as Record<string, string | number>;
  const defined = new Set(defs.map((d) => d.key));
  const enterprise: Record<string, unknown> = {};
  for (const key of ENTERPRISE_ATTRIBUTE_KEYS) {
    const memberKey = ENTERPRISE_ATTRIBUTE_MEMBER_KEY[key];
    const value = stored[memberKey];
    if (!defined.has(memberKey) || value === undefined || value === null) continue;
    enterprise[key] = key === 'manager' ? { value: String(value) } : String(value);
  }
  const teams = (parseJson(row.teams) ?? []) as Array<{ id: string; name: string }>;
  const hasEnterprise = Object.keys(enterprise).length > 0;
  return {
    schemas: hasEnterprise ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA],
    id: row.id,
    ...(row.external_id !== null ? { externalId: row.external_id } : {}),
    userName: row.email,
    name: { formatted: row.name },
    displayName: row.name,
    emails: [{ value: row.email, type: 'work', primary: true }],
    active: row.status === 'active',
    groups: teams.map((t) => ({ value: t.id, display: t.name, $ref: `${ctx.base}/Groups/${t.id}` })),
    ...(hasEnterprise ? { [ENTERPRISE_USER_SCHEMA]: enterprise } : {}),
    meta: {
      resourceType: 'User',
      created: row.created_at,
      lastModified: row.modified_at,
      location: `${ctx.base}/Users/${row.id}`,
    },
  };
}

export async function listUsers(ctx: ScimContext, query: URLSearchParams) {
  const paging = scimPaging(query.get('startIndex') ?? undefined, query.get('count') ?? undefined);
  if ('error' in paging) throw scimInvalidValue(paging.error);
  const where = filterSql(ctx, query.get('filter'));
  const [{ total }] = rowsOf<{ total: number }>(
    await ctx.db.execute(sql`select count(*)::int as total from memberships m join users u on u.id = m.user_id
      where m.tenant_id = ${ctx.tenant.id} and m.status in ('active', 'suspended') and ${where}`),
  );
  const rows = paging.limit > 0 ? await selectUsers(ctx, where, paging.limit, paging.offset) : [];
  const defs = await loadAttributeDefinitions(ctx.db, ctx.tenant.id);
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: Number(total),
    itemsPerPage: rows.length,
    startIndex: paging.startIndex,
    Resources: rows.map((row) => resource(ctx, row, defs)),
  };
}

export async function getUser(ctx: ScimContext, id: string) {
  const row = await loadRow(ctx, id);
  return resource(ctx, row, await loadAttributeDefinitions(ctx.db, ctx.tenant.id));
}

/** What a request asks to change of a member, gathered from a POST or PUT body or from PATCH operations. */
type UserChange = {
  userName?: string;
  /** The work address from `emails` (used when userName is not an address). */
  email?: string;
  active?: boolean;
  externalId?: string | null;
  displayName?: string | null;
  formatted?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  /** Enterprise extension values by attribute key (null clears). */
  attributes: Record<string, unknown>;
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw scimInvalidValue(`${field} must be a string.`);
  return value.trim() || null;
}

function activeOf(value: unknown): boolean {
  const active = scimBoolean(value);
  if (active === undefined) throw scimInvalidValue('active must be true or false.');
  return active;
}

/** The work address of an `emails` value (the primary or work one, else the first). */
function workEmail(value: unknown): string | null {
  if (!Array.isArray(value)) throw scimInvalidValue('emails must be a list.');
  const emails = value.filter(isObject);
  const chosen = emails.find((e) => e.primary === true) ?? emails.find((e) => e.type === 'work') ?? emails[0];
  return chosen ? text(chosen.value, 'emails.value') : null;
}

function enterpriseValue(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (key === 'manager') {
    if (isObject(value)) return value.value === undefined ? null : value.value;
    return value;
  }
  return value;
}

/** Apply one attribute (by its path, case-insensitive) of a User to the change; unknown attributes are ignored. */
function applyAttribute(change: UserChange, path: string, value: unknown): void {
  const lower = path.toLowerCase();
  const enterprisePrefix = `${ENTERPRISE_USER_SCHEMA.toLowerCase()}:`;
  if (lower === ENTERPRISE_USER_SCHEMA.toLowerCase()) {
    if (value === null) {
      for (const key of ENTERPRISE_ATTRIBUTE_KEYS) change.attributes[key] = null;
      return;
    }
    if (!isObject(value)) throw scimInvalidValue(`${ENTERPRISE_USER_SCHEMA} must be an object.`);
    for (const [key, v] of Object.entries(value)) applyAttribute(change, `${enterprisePrefix}${key}`, v);
    return;
  }
  if (lower.startsWith(enterprisePrefix)) {
    const rest = path.slice(enterprisePrefix.length);
    const [attr, sub] = rest.split('.');
    const key = ENTERPRISE_ATTRIBUTE_KEYS.find((k) => k.toLowerCase() === attr.toLowerCase());
    if (!key) return;
    if (sub && key === 'manager' && sub.toLowerCase() === 'value') change.attributes.manager = value;
    else if (!sub) change.attributes[key] = enterpriseValue(key, value);
    return;
  }
  const core = lower.replace(/^urn:ietf:params:scim:schemas:core:2\.0:user:/, '');
  if (core.startsWith('name.')) {
    const part = core.slice('name.'.length);
    const field = `name.${path.slice(path.length - part.length)}`;
    if (part === 'formatted') change.formatted = text(value, field);
    else if (part === 'givenname') change.givenName = text(value, field);
    else if (part === 'familyname') change.familyName = text(value, field);
    return;
  }
  switch (core) {
    case 'username':
      change.userName = text(value, 'userName') ?? undefined;
      return;
    case 'active':
      change.active = activeOf(value);
      return;
    case 'externalid':
      change.externalId = text(value, 'externalId');
      return;
    case 'displayname':
      change.displayName = text(value, 'displayName');
      return;
    case 'name':
      if (value === null) return;
      if (!isObject(value)) throw scimInvalidValue('name must be an object.');
      for (const [key, v] of Object.entries(value)) applyAttribute(change, `name.${key}`, v);
      return;
    case 'emails':
      if (value !== null) change.email = workEmail(value) ?? change.email;
      return;
    case 'emails[type eq "work"].value':
    case 'emails.value':
      change.email = text(value, 'emails.value') ?? change.email;
      return;
    default:
      // Attributes Custos does not keep (title, phoneNumbers, addresses, locale …): accepted and not stored.
      return;
  }
}

/** A whole User (POST, PUT) as a change. */
function changeFromResource(body: unknown): UserChange {
  if (!isObject(body)) throw new ScimError(400, 'Send a User resource as a JSON object.', 'invalidSyntax');
  const change: UserChange = { attributes: {} };
  for (const [key, value] of Object.entries(body)) {
    if (key === 'schemas' || key === 'id' || key === 'meta' || key === 'groups' || key === 'password') continue;
    applyAttribute(change, key, value);
  }
  return change;
}

function changeFromPatch(operations: PatchOperation[]): UserChange {
  const change: UserChange = { attributes: {} };
  for (const op of operations) {
    if (op.path === null) {
      if (!isObject(op.value)) throw scimInvalidValue('An operation without a path needs an object value.');
      for (const [key, value] of Object.entries(op.value)) applyAttribute(change, key, op.op === 'remove' ? null : value);
    } else {
      applyAttribute(change, op.path, op.op === 'remove' ? null : op.value);
    }
  }
  return change;
}

/**
 * POST /Users: provision a member. An unknown address gets an account (no password, address verified: the directory
 * vouches for it; the person signs in through the tenant's SSO or sets a password by reset); a known one is reused.
 * The membership is marked `provisioned_by: scim` with the directory's externalId, and takes a seat of the plan: a full
 * plan is 403 (no scimType). Someone already a member is 409 `uniqueness`. `active: false` provisions them suspended.
 */
export async function createUser(ctx: ScimContext, body: unknown): Promise<ScimResult> {
  const change = changeFromResource(body);
  if (!change.userName) throw scimInvalidValue('userName is required: the person’s email address.');
  const email = addressOf(change);
  if (!email) throw scimInvalidValue('userName must be an email address (or emails must hold a work address).');
  const defs = await loadAttributeDefinitions(ctx.db, ctx.tenant.id);
  const attributes = checkedAttributes(defs, {}, change.attributes);

  const [account] = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);
  const [existing] = account
    ? await ctx.db
        .select({ id: memberships.id, status: memberships.status })
        .from(memberships)
        .where(and(eq(memberships.tenantId, ctx.tenant.id), eq(memberships.userId, account.id)))
        .limit(1)
    : [];
  if (existing && existing.status !== 'removed') {
    throw new ScimError(409, `${email} is already a member of this tenant.`, 'uniqueness');
  }
  if (change.externalId) await assertExternalIdFree(ctx, change.externalId);
  await reserveSeat(ctx.db, ctx.tenant.id);

  let person = account;
  const accountCreated = !person;
  if (!person) {
    const name = nameFromScim({ ...change, current: null, email });
    person = await asOwner(ctx, async () => {
      const [created] = await ctx.db
        .insert(users)
        .values({ email, name, emailVerified: now() })
        .returning({ id: users.id, email: users.email, name: users.name });
      await recordPlatformAudit(ctx.db, ctx.actor, ctx.meta, {
        action: 'user.registered',
        targetType: 'user',
        targetId: created.id,
        after: { email: created.email, name: created.name, verifiedBy: 'scim', tenant: ctx.tenant.slug },
      });
      return created;
    });
  }

  const values = {
    status: 'active' as const,
    externalId: change.externalId ?? null,
    provisionedBy: 'scim' as const,
    attributes: attributes.values as Record<string, string | number>,
  };
  let membershipId: string;
  if (existing) {
    // A removed membership comes back as a new one: no roles or teams of old.
    await ctx.db
      .update(memberships)
      .set({ ...values, suspendedAt: null, suspendedReason: null })
      .where(eq(memberships.id, existing.id));
    await ctx.db.delete(memberRoles).where(eq(memberRoles.membershipId, existing.id));
    await ctx.db.delete(teamMembers).where(eq(teamMembers.membershipId, existing.id));
    membershipId = existing.id;
  } else {
    const [created] = await ctx.db
      .insert(memberships)
      .values({ tenantId: ctx.tenant.id, userId: person.id, ...values })
      .returning({ id: memberships.id });
    membershipId = created.id;
  }
  await recordAudit(ctx, {
    action: 'member.provisioned',
    targetType: 'member',
    targetId: membershipId,
    before: null,
    after: {
      userId: person.id,
      email: person.email,
      externalId: values.externalId,
      provisionedBy: 'scim',
      accountCreated,
      ...(attributes.changed.length ? { attributes: attributeDiff({}, attributes.values, attributes.changed).after } : {}),
    },
  });
  if (change.active === false) await suspendMember(ctx, membershipId, { reason: DIRECTORY_SUSPENSION_REASON });
  const row = await loadRow(ctx, membershipId);
  return { status: 201, body: resource(ctx, row, defs), location: `${ctx.base}/Users/${membershipId}` };
}

/** PUT /Users/{id}: the whole User. Attributes it leaves out that Custos keeps (externalId, extension values) are cleared. */
export async function replaceUser(ctx: ScimContext, id: string, body: unknown) {
  const change = changeFromResource(body);
  if (!change.userName) throw scimInvalidValue('userName is required: the person’s email address.');
  if (change.externalId === undefined) change.externalId = null;
  for (const key of ENTERPRISE_ATTRIBUTE_KEYS) if (!(key in change.attributes)) change.attributes[key] = null;
  return applyChange(ctx, id, change);
}

/** PATCH /Users/{id} (RFC 7644 §3.5.2): the operations Entra ID and Okta send. */
export async function patchUser(ctx: ScimContext, id: string, body: unknown) {
  return applyChange(ctx, id, changeFromPatch(parsePatchOperations(body)));
}

/** DELETE /Users/{id}: the membership is suspended (never deleted; the account is the person's own). */
export async function deleteUser(ctx: ScimContext, id: string): Promise<void> {
  const row = await loadRow(ctx, id);
  if (row.status === 'active') await suspendMember(ctx, id, { reason: DIRECTORY_SUSPENSION_REASON });
}

async function applyChange(ctx: ScimContext, id: string, change: UserChange) {
  const before = await loadRow(ctx, id);
  const defs = await loadAttributeDefinitions(ctx.db, ctx.tenant.id);
  const stored = (parseJson(before.attributes) ?? {}) as Record<string, unknown>;
  const attributes = checkedAttributes(defs, stored, change.attributes);
  const externalIdChanged = change.externalId !== undefined && change.externalId !== before.external_id;
  if (externalIdChanged && change.externalId) await assertExternalIdFree(ctx, change.externalId, id);

  // The account's name and address: changed only when the directory owns the account (lib/scim/policy.ts).
  const wantedEmail = change.userName !== undefined || change.email !== undefined ? addressOf(change) : undefined;
  if (wantedEmail === null) throw scimInvalidValue('userName must be an email address (or emails must hold a work address).');
  const wantedName = nameFromScim({ ...change, current: before.name, email: before.email });
  const accountChange = {
    ...(wantedEmail && wantedEmail !== before.email.toLowerCase() ? { email: wantedEmail } : {}),
    ...(wantedName !== before.name ? { name: wantedName } : {}),
  };
  let accountChanged = false;
  if (Object.keys(accountChange).length > 0) {
    accountChanged = await asOwner(ctx, async () => {
      const [facts] = rowsOf<{ has_password: boolean; other_tenants: number }>(
        await ctx.db.execute(sql`select (u.password_hash is not null) as has_password,
            (select count(*) from memberships o where o.user_id = u.id and o.tenant_id <> ${ctx.tenant.id})::int as other_tenants
          from users u where u.id = ${before.user_id}`),
      );
      const owns = directoryOwnsAccount({
        provisionedBy: before.provisioned_by,
        hasPassword: Boolean(facts?.has_password),
        otherTenants: Number(facts?.other_tenants ?? 0),
      });
      if (!owns) return false;
      if (accountChange.email) {
        const [taken] = await ctx.db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(sql`lower(${users.email})`, accountChange.email), ne(users.id, before.user_id)))
          .limit(1);
        if (taken) throw new ScimError(409, `Another account uses ${accountChange.email}.`, 'uniqueness');
      }
      await ctx.db
        .update(users)
        .set({ ...accountChange, updatedAt: now() })
        .where(eq(users.id, before.user_id));
      return true;
    });
  }
  if (externalIdChanged || attributes.changed.length > 0 || accountChanged) {
    if (externalIdChanged || attributes.changed.length > 0) {
      await ctx.db
        .update(memberships)
        .set({
          ...(externalIdChanged ? { externalId: change.externalId ?? null } : {}),
          ...(attributes.changed.length > 0 ? { attributes: attributes.values as Record<string, string | number> } : {}),
        })
        .where(and(eq(memberships.tenantId, ctx.tenant.id), eq(memberships.id, id)));
    }
    const diff = attributes.changed.length > 0 ? attributeDiff(stored, attributes.values, attributes.changed) : null;
    await recordAudit(ctx, {
      action: 'member.updated',
      targetType: 'member',
      targetId: id,
      before: {
        userId: before.user_id,
        email: before.email,
        ...(accountChanged ? { name: before.name } : {}),
        ...(externalIdChanged ? { externalId: before.external_id } : {}),
        ...(diff ? { attributes: diff.before } : {}),
      },
      after: {
        userId: before.user_id,
        email: accountChange.email && accountChanged ? accountChange.email : before.email,
        ...(accountChanged && accountChange.name ? { name: accountChange.name } : accountChanged ? { name: before.name } : {}),
        ...(externalIdChanged ? { externalId: change.externalId ?? null } : {}),
        ...(diff ? { attributes: diff.after } : {}),
      },
    });
  }
  if (change.active === false && before.status === 'active') await suspendMember(ctx, id, { reason: DIRECTORY_SUSPENSION_REASON });
  if (change.active === true && before.status === 'suspended') await reactivateMember(ctx, id);
  return resource(ctx, await loadRow(ctx, id), defs);
}

/** The account address a change names: userName when it is an address (it signs the person in), else the work email. */
function addressOf(change: UserChange): string | null {
  const userName = change.userName?.toLowerCase();
  if (userName && isEmailAddress(userName)) return userName;
  const email = change.email?.toLowerCase();
  if (email && isEmailAddress(email)) return email;
  return null;
}

async function assertExternalIdFree(ctx: ScimContext, externalId: string, exceptId?: string): Promise<void> {
  const [taken] = await ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.tenantId, ctx.tenant.id),
        eq(memberships.externalId, externalId),
        exceptId ? ne(memberships.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (taken) throw new ScimError(409, `Another member has externalId ${externalId}.`, 'uniqueness');
}

/**
 * The extension's values merged into the member's attributes: only keys the tenant defines (others are ignored); a
 * value the definition refuses is 400 `invalidValue`. A required attribute the directory does not send is left for
 * an admin to fill, not refused.
 */
function checkedAttributes(
  defs: Awaited<ReturnType<typeof loadAttributeDefinitions>>,
  stored: Record<string, unknown>,
  wanted: Record<string, unknown>,
) {
  const defined = new Set(defs.map((d) => d.key));
  const patch = Object.fromEntries(
    Object.entries(wanted)
      .map(([key, value]) => [ENTERPRISE_ATTRIBUTE_MEMBER_KEY[key as EnterpriseAttribute] ?? key, value] as const)
      .filter(([key]) => defined.has(key))
      .map(([key, value]) => [key, typeof value === 'number' ? String(value) : value]),
  );
  const merged = mergeAttributes(defs, stored, patch);
  const refused = merged.errors.filter((e) => Object.keys(patch).some((key) => e.path === `attributes.${key}`));
  if (refused.length > 0) {
    throw scimInvalidValue(refused.map((e) => `${e.path}: ${e.message}`).join(' '));
  }
  return { values: merged.values, changed: merged.changed };
}
