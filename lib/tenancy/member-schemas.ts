import { z } from 'zod';
import { roleRefList } from '@/lib/access/role-ref-schemas';
import { EXAMPLE_CURSOR, EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { sortDirSchema, type SortDir } from '@/lib/list-order';
import { outputDateTime, outputEmail } from '@/lib/validation';
import { tenantParamsSchema } from './schemas';

/** Path of one member: `{id}` is the membership id. */
export const memberParamsSchema = tenantParamsSchema.extend({ id: z.uuid('Not a member id.') });

/** The orders of the members list (`?sort=`) and the direction each takes when `?dir=` is left out. */
export const MEMBER_SORTS = ['joined', 'name'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export const MEMBER_SORT_DIRS: Record<MemberSort, SortDir> = { joined: 'asc', name: 'asc' };

export const listMembersQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'At least 1.').max(200, 'At most 200.').default(50),
  /** `nextCursor` of the page before, in the same order and direction (a name order's cursor carries the name). */
  cursor: z.string().max(500).optional(),
  /** Matches name or email, case-insensitive. */
  q: z.string().trim().max(200).optional(),
  /** A role id or name: members holding that role directly or through a team. */
  role: z.string().trim().min(1).max(100).optional(),
  /** `joined` (oldest first, the default) or `name` (A–Z, case-insensitive). */
  sort: z.enum(MEMBER_SORTS, { message: 'Use joined or name.' }).default('joined'),
  /** `asc` or `desc`; left out, the order's own direction. */
  dir: sortDirSchema.optional(),
  /** `active` or `suspended` members only; left out, both. */
  status: z.enum(['active', 'suspended'], { message: 'Use active or suspended.' }).optional(),
  /**
   * `key:value` on a custom member attribute (repeat for several; all must match): text matches a part of the value in
   * any case, a choice its option in any case, a number and a date (YYYY-MM-DD) exactly.
   */
  attribute: z
    .union([z.string().max(600, 'At most 600 characters.'), z.array(z.string().max(600, 'At most 600 characters.')).max(10, 'At most 10.')])
    .optional(),
});
export type ListMembersQuery = z.infer<typeof listMembersQuerySchema>;

const ref = z.object({ id: z.uuid(), name: z.string() });

const exampleMember = {
  id: EXAMPLE_IDS.membership,
  user: { id: EXAMPLE_IDS.user, name: 'Dana Whitfield', email: 'dana.whitfield@acme-pharma.example', image: null },
  roles: [{ id: EXAMPLE_IDS.role, name: 'QA Reviewer' }],
  teams: [{ id: EXAMPLE_IDS.team, name: 'QA Berlin' }],
  status: 'active' as const,
  attributes: { cost_centre: 'R&D', employee_number: 40215 },
  lastSignInAt: EXAMPLE_TIMES.updated,
  joinedAt: EXAMPLE_TIMES.created,
};
export const memberSchema = z
  .object({
    id: z.uuid(),
    user: z.object({ id: z.uuid(), name: z.string(), email: outputEmail(), image: z.string().nullable() }),
    roles: z.array(ref),
    teams: z.array(ref),
    /** `suspended`: roles, teams and overrides kept, no access to the tenant until reactivated; still holds a seat. */
    status: z.enum(['active', 'suspended', 'removed']),
    /** Values of the tenant's member attributes (`settings.memberAttributes`) by key; an attribute not set is absent. */
    attributes: z.record(z.string(), z.union([z.string(), z.number()])),
    lastSignInAt: outputDateTime().nullable(),
    joinedAt: outputDateTime(),
  })
  .meta({ id: 'Member', examples: [exampleMember] });
export type MemberView = z.infer<typeof memberSchema>;

export const memberListSchema = z
  .object({ data: z.array(memberSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'MemberPage', examples: [{ data: [exampleMember], nextCursor: EXAMPLE_CURSOR }] });
export type MemberList = z.infer<typeof memberListSchema>;

const idList = (what: string) =>
  z
    .array(z.uuid(`Not a ${what} id.`))
    .max(100, 'At most 100.')
    .refine((ids) => new Set(ids).size === ids.length, 'Each id only once.');

/**
 * Replace the member's direct roles and/or teams, and/or change attribute values: `attributes` merges into the
 * member's values (keys left out stay, `null` clears one), each checked against the tenant's definition.
 */
export const updateMemberSchema = z
  .strictObject({
    roles: roleRefList({ max: 100 }).optional(),
    teamIds: idList('team').optional(),
    attributes: z
      .record(z.string().max(40, 'At most 40 characters.'), z.union([z.string(), z.number(), z.null()]))
      .refine((v) => Object.keys(v).length <= 30, 'At most 30 attributes.')
      .optional(),
  })
  .refine((v) => v.roles !== undefined || v.teamIds !== undefined || v.attributes !== undefined, {
    message: 'Send roles, teamIds, attributes or any of them.',
  })
  .meta({ examples: [{ roles: [EXAMPLE_IDS.role], teamIds: [EXAMPLE_IDS.team], attributes: { cost_centre: 'Production' } }] });
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;
