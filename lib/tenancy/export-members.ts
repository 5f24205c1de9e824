import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { roles, systems } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { csvRecord } from '@/lib/http/csv';
import { exportContentType, exportFilename, pagedExportStream } from '@/lib/http/export-file';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { loadAttributeDefinitions } from './member-attributes';
import { memberExportQuerySchema, type MemberExportFormat, type MemberExportQuery } from './member-export-schemas';
import type { MemberView } from './member-schemas';
import { countMemberRows, listMemberRows } from './members';
import type { MemberAttributeDefinition } from './schemas';
import { withTenant } from './with-tenant';

/** Members read per page of an export, each page in its own short tenant transaction. */
export const MEMBER_EXPORT_PAGE_SIZE = 500;

/** The CSV's first columns, in order; one column per defined member attribute follows (lib/http/csv.ts writes the cells). */
export const MEMBER_CSV_COLUMNS = ['Member id', 'Name', 'Email', 'Status', 'Roles', 'Teams', 'Joined', 'Last sign-in'] as const;

/** Between the names of several roles or teams in one CSV cell. */
export const MEMBER_CSV_LIST_SEPARATOR = '; ';

export type MemberExport = {
  format: MemberExportFormat;
  contentType: string;
  /** `members-<tenant>-<YYYY-MM-DD>.<format>` */
  filename: string;
  /** Members matching the filters when the export started (recorded in the trail). */
  count: number;
  /** The file, produced page by page as it is read: memory stays at one page whatever the number of members. */
  stream: ReadableStream<Uint8Array>;
};

type Filters = Omit<ReturnType<typeof parseExportQuery>, 'format'>;
const parseExportQuery = (input: MemberExportQuery) => parseInput(memberExportQuerySchema, input ?? {});

/**
 * The CSV header of the attribute columns: each defined attribute's label, in definition order. A label equal (in any
 * case) to a fixed column's or an earlier attribute's gets its key in brackets, so every header names one column.
 */
export function attributeColumnHeaders(defs: readonly MemberAttributeDefinition[]): string[] {
  const taken = new Set<string>(MEMBER_CSV_COLUMNS.map((c) => c.toLowerCase()));
  return defs.map((def) => {
    const header = taken.has(def.label.toLowerCase()) ? `${def.label} (${def.key})` : def.label;
    taken.add(header.toLowerCase());
    return header;
  });
}

/**
 * `GET /api/v1/tenants/{tenant}/members/export?format=csv|json&…`: the members the list's filters keep, in the list's
 * order, as a file. Needs `members.read`. Inside the caller's transaction it checks the permission and the filters
 * (an attribute filter the definitions refuse: 400 now, before anything is recorded or streamed), counts the matching
 * members, fixes the attribute columns (the definitions at that moment) and records `members.exported` (format,
 * filters, count). The returned stream then reads keyset pages with the list's own loader, each in its own short
 * tenant transaction: it never uses `ctx.db`, which is gone by the time the file is read.
 *
 * Attribute values go through the list's visibility rule (only attributes still defined, values their definition
 * accepts). Nothing secret is in a member's view, so nothing secret is in the file.
 */
export async function exportMembers(
  ctx: TenantContext,
  input: MemberExportQuery = {},
  options: { pageSize?: number } = {},
): Promise<MemberExport> {
  requirePermission(ctx, 'members.read');
  const { format, ...filters } = parseExportQuery(input);
  const count = await countMemberRows(ctx.db, ctx.tenant.id, filters);
  const defs = await loadAttributeDefinitions(ctx.db, ctx.tenant.id);
  const given = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
  await recordAudit(ctx, {
    action: 'members.exported',
    targetType: 'tenant',
    targetId: ctx.tenant.id,
    after: { format, filters: given, count },
  });
  return {
    format,
    contentType: exportContentType(format),
    filename: exportFilename('members', ctx.tenant.slug, format, now()),
    count,
    stream: exportStream(ctx.tenant.id, filters, format, defs, options.pageSize ?? MEMBER_EXPORT_PAGE_SIZE),
  };
}

type Page = { members: MemberView[]; nextCursor: string | null; systemOfRole: Map<string, string> };

/** One page of the list after `cursor`, and the system slug of each system role on it, in its own tenant transaction. */
function readPage(tenantId: string, filters: Filters, cursor: string | null, size: number): Promise<Page> {
  return withTenant(tenantId, async (tx) => {
    const page = await listMemberRows(tx, tenantId, { ...filters, limit: size, ...(cursor ? { cursor } : {}) });
    const roleIds = [...new Set(page.data.flatMap((m) => m.roles.map((r) => r.id)))];
    const rows = roleIds.length
      ? await tx
          .select({ id: roles.id, slug: systems.slug })
          .from(roles)
          .innerJoin(systems, eq(systems.id, roles.systemId))
          .where(and(eq(roles.tenantId, tenantId), isNotNull(roles.systemId), inArray(roles.id, roleIds)))
      : [];
    return { members: page.data, nextCursor: page.nextCursor, systemOfRole: new Map(rows.map((r) => [r.id, r.slug])) };
  });
}

function exportStream(
  tenantId: string,
  filters: Filters,
  format: MemberExportFormat,
  defs: readonly MemberAttributeDefinition[],
  pageSize: number,
): ReadableStream<Uint8Array> {
  let cursor: string | null = null;
  return pagedExportStream<{ member: MemberView; systemOfRole: Map<string, string> }>({
    format,
    csvHeader: () => csvRecord([...MEMBER_CSV_COLUMNS, ...attributeColumnHeaders(defs)]),
    csvLine: ({ member, systemOfRole }) => csvLine(member, defs, systemOfRole),
    jsonItem: ({ member }) => member,
    nextPage: async () => {
      const page = await readPage(tenantId, filters, cursor, pageSize);
      cursor = page.nextCursor;
      return { rows: page.members.map((member) => ({ member, systemOfRole: page.systemOfRole })), last: cursor === null };
    },
    logContext: () => ({ tenantId, cursor }),
    failure: 'members export failed',
  });
}

/** A role as the console's role pickers name it: a downstream system's role with its system (`Admin · ims`). */
const roleName = (role: { id: string; name: string }, systemOfRole: Map<string, string>) => {
  const system = systemOfRole.get(role.id);
  return system ? `${role.name} · ${system}` : role.name;
};

function csvLine(member: MemberView, defs: readonly MemberAttributeDefinition[], systemOfRole: Map<string, string>): string {
  return csvRecord([
    member.id,
    member.user.name,
    member.user.email,
    member.status,
    member.roles.map((r) => roleName(r, systemOfRole)).join(MEMBER_CSV_LIST_SEPARATOR),
    member.teams.map((t) => t.name).join(MEMBER_CSV_LIST_SEPARATOR),
    member.joinedAt,
    member.lastSignInAt,
    // The list's view holds only visible values (lib/tenancy/member-attributes-policy.ts visibleAttributes).
    ...defs.map((def) => member.attributes[def.key] ?? null),
  ]);
}
