import { z } from 'zod';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { sortDirSchema, type SortDir } from '@/lib/list-order';
import { outputDateTime } from '@/lib/validation';

/** Schemas of roles, teams' role references and systems: used by the routes, the console forms and OpenAPI. */

export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int('Use a whole number.').min(1, 'At least 1.').max(200, 'At most 200.').default(50),
  cursor: z.string().max(500).optional(),
});

export const roleIdParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: z.uuid('Not a valid id.') });

const permissionKey = z.string().min(3, 'Not a permission key.').max(120, 'Not a permission key.');

const roleName = z
  .string({ message: 'Enter a name.' })
  .trim()
  .min(2, 'At least 2 characters.')
  .max(60, 'At most 60 characters.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'Letters, digits, spaces, dots, hyphens and underscores.');

const description = z.string().trim().max(500, 'At most 500 characters.').nullable().optional();

const permissionList = z
  .array(permissionKey, { message: 'A list of permission keys.' })
  .max(500, 'At most 500 permissions.')
  .refine((list) => new Set(list).size === list.length, 'Each permission once.');

export const systemSlugSchema = z
  .string({ message: 'Enter a slug.' })
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'Use 2–40 lowercase letters, digits and hyphens, starting with a letter.');

export const createRoleSchema = z
  .strictObject({
    name: roleName,
    description,
    permissions: permissionList,
    system: systemSlugSchema.optional(),
  })
  .meta({
    examples: [
      {
        name: 'QA Reviewer',
        description: 'Reviews inspections and releases batches',
        permissions: ['batches.read', 'inspections.read', 'inspections.review'],
      },
    ],
  });
export type CreateRoleInput = z.infer<typeof createRoleSchema>;

export const updateRoleSchema = z
  .strictObject({
    name: roleName.optional(),
    description,
    permissions: permissionList.optional(),
  })
  .meta({ examples: [{ permissions: ['batches.read', 'inspections.read', 'inspections.review', 'batches.release'] }] });
export type UpdateRoleInput = z.infer<typeof updateRoleSchema>;

const roleFields = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  isDefault: z.boolean(),
  system: z.object({ slug: z.string() }).nullable(),
  permissions: z.array(z.string()),
  memberCount: z.int(),
  teamCount: z.int(),
  createdAt: outputDateTime(),
  updatedAt: outputDateTime(),
});
const exampleRole = {
  id: EXAMPLE_IDS.role,
  name: 'QA Reviewer',
  description: 'Reviews inspections and releases batches',
  isDefault: false,
  system: null,
  permissions: ['batches.read', 'inspections.read', 'inspections.review'],
  memberCount: 4,
  teamCount: 1,
  createdAt: EXAMPLE_TIMES.created,
  updatedAt: EXAMPLE_TIMES.updated,
};
export const roleSchema = roleFields.meta({ id: 'Role', examples: [exampleRole] });
export type RoleView = z.infer<typeof roleSchema>;

export const roleListSchema = z
  .object({ data: z.array(roleSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'RolePage', examples: [{ data: [exampleRole], nextCursor: null }] });

/** `resource.action` of a downstream system; stored as `<slug>:<resource.action>`. */
export const systemPermissionSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}\.[a-z][a-z0-9_-]{0,39}$/, 'Use resource.action: lowercase letters, digits, _ and -.');

const systemPermissionList = z
  .array(systemPermissionSchema, { message: 'A list of resource.action keys.' })
  .max(500, 'At most 500 permissions.')
  .refine((list) => new Set(list).size === list.length, 'Each permission once.');

const systemName = z.string({ message: 'Enter a name.' }).trim().min(2, 'At least 2 characters.').max(100, 'At most 100 characters.');

export const createSystemSchema = z
  .strictObject({
    slug: systemSlugSchema,
    name: systemName,
    description,
    permissions: systemPermissionList,
  })
  .meta({
    examples: [
      {
        slug: 'lims',
        name: 'LabWare LIMS',
        description: 'Laboratory information management',
        permissions: ['samples.read', 'samples.approve'],
      },
    ],
  });
export type CreateSystemInput = z.infer<typeof createSystemSchema>;

export const updateSystemSchema = z
  .strictObject({
    name: systemName.optional(),
    description,
    permissions: systemPermissionList.optional(),
    /** false switches the system off: its OpenID clients are refused and its keys evaluate to deny; true turns it back on. */
    active: z.boolean({ message: 'Use true or false.' }).optional(),
  })
  .meta({ examples: [{ permissions: ['samples.read', 'samples.approve', 'results.read'] }, { active: false }] });
export type UpdateSystemInput = z.infer<typeof updateSystemSchema>;

export const SYSTEM_SORTS = ['slug', 'name', 'created'] as const;
export type SystemSort = (typeof SYSTEM_SORTS)[number];
/** The direction each order of the systems list takes when `?dir=` is left out. */
export const SYSTEM_SORT_DIRS: Record<SystemSort, SortDir> = { slug: 'asc', name: 'asc', created: 'desc' };

export const listSystemsQuerySchema = listQuerySchema.extend({
  /** Part of the system's slug or name, case-insensitive. */
  q: z.string().trim().max(200).optional(),
  /** `slug` (A–Z, the default), `name` (A–Z, case-insensitive) or `created` (newest first). */
  sort: z.enum(SYSTEM_SORTS, { message: 'Use slug, name or created.' }).default('slug'),
  /** `asc` or `desc`; left out, the order's own direction. */
  dir: sortDirSchema.optional(),
});

export const systemSlugParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), slug: z.string().min(1).max(100) });

const systemFields = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Full keys: `<slug>:<resource.action>`. */
  permissions: z.array(z.string()),
  /** false: switched off — its OpenID clients are refused and its keys evaluate to deny. */
  active: z.boolean(),
  roleCount: z.int(),
  createdAt: outputDateTime(),
  updatedAt: outputDateTime(),
});
const exampleSystem = {
  id: EXAMPLE_IDS.system,
  slug: 'lims',
  name: 'LabWare LIMS',
  description: 'Laboratory information management',
  permissions: ['lims:samples.read', 'lims:samples.approve'],
  active: true,
  roleCount: 2,
  createdAt: EXAMPLE_TIMES.created,
  updatedAt: EXAMPLE_TIMES.updated,
};
export const systemSchema = systemFields.meta({ id: 'System', examples: [exampleSystem] });
export type SystemView = z.infer<typeof systemSchema>;

export const systemListSchema = z
  .object({ data: z.array(systemSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'SystemPage', examples: [{ data: [exampleSystem], nextCursor: null }] });
