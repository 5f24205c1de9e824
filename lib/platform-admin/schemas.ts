import { z } from 'zod';
import { createTenantSchema, PLAN_IDS, tenantParamsSchema } from '@/lib/tenancy/schemas';
import { EXAMPLE_IDS, EXAMPLE_SHA256, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';
import { auditEventSchema } from '@/lib/audit/schemas';
import { sortDirSchema } from '@/lib/list-order';

/** `?limit=` (1–200, default 50) and `?cursor=`, as every list of API.md. */
const limit = z.coerce.number().int('A whole number.').min(1, 'At least 1.').max(200, 'At most 200.').default(50);
const cursor = z.string().min(1).max(500).optional();

export const adminTenantParamsSchema = tenantParamsSchema;

/** The orders of the platform's tenant list (`?sort=`) and the direction each takes when `?dir=` is left out. */
export const TENANT_SORTS = ['slug', 'name', 'created'] as const;
export type TenantSort = (typeof TENANT_SORTS)[number];
export const TENANT_SORT_DIRS: Record<TenantSort, 'asc' | 'desc'> = { slug: 'asc', name: 'asc', created: 'desc' };

export const listTenantsQuerySchema = z.strictObject({
  q: z.string().trim().max(100, 'At most 100 characters.').optional(),
  limit,
  cursor,
  /** `slug` (A–Z, the default), `name` (A–Z, any case) or `created` (newest first). */
  sort: z.enum(TENANT_SORTS, { message: `Use ${TENANT_SORTS.join(', ')}.` }).default('slug'),
  /** `asc` or `desc`; left out, the order's own direction. */
  dir: sortDirSchema.optional(),
});
export type ListTenantsQuery = z.input<typeof listTenantsQuerySchema>;

/** A platform admin creates a tenant on any plan and names an existing verified account as its admin. */
/** A plan id (checked against the catalog in the database, 400 naming `plan` when unknown). */
const planId = z
  .string({ message: 'Choose a plan.' })
  .trim()
  .min(1, 'Choose a plan.')
  .max(50)
  .meta({ enum: [...PLAN_IDS] });

export const adminCreateTenantSchema = z
  .strictObject({
    ...createTenantSchema.shape,
    plan: planId,
    adminEmail: z.email({ message: 'Enter an email address.' }).trim().max(254),
  })
  .meta({ examples: [{ slug: 'acme-pharma', name: 'Acme Pharma', plan: 'enterprise', adminEmail: 'dana.whitfield@acme-pharma.example' }] });
export type AdminCreateTenantInput = z.infer<typeof adminCreateTenantSchema>;

export const tenantStatusSchema = z.enum(['active', 'suspended'], { message: "Use 'active' or 'suspended'." });

export const changeTenantSchema = z
  .strictObject({
    plan: planId.optional(),
    status: tenantStatusSchema.optional(),
  })
  .refine((value) => value.plan !== undefined || value.status !== undefined, {
    message: 'Give a plan, a status or both.',
    path: ['plan'],
  })
  .meta({ examples: [{ plan: 'enterprise' }, { status: 'suspended' }] });
export type ChangeTenantInput = z.infer<typeof changeTenantSchema>;

export const wipeOutQuerySchema = z.strictObject({
  confirm: z.string({ message: 'Type the tenant slug to confirm.' }).min(1, 'Type the tenant slug to confirm.').max(63),
});

export const planSchema = z
  .object({ id: z.string().meta({ enum: [...PLAN_IDS] }), name: z.string(), seatLimit: z.int().nullable() })
  .meta({ id: 'Plan', examples: [{ id: 'team', name: 'Team', seatLimit: 25 }] });

const adminTenantFields = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  plan: planSchema,
  status: tenantStatusSchema,
  seats: z.object({ used: z.int(), limit: z.int().nullable() }),
  createdAt: outputDateTime(),
});
const exampleAdminTenant = {
  id: EXAMPLE_IDS.tenant,
  slug: 'acme-pharma',
  name: 'Acme Pharma',
  plan: { id: 'team', name: 'Team', seatLimit: 25 },
  status: 'active' as const,
  seats: { used: 12, limit: 25 },
  createdAt: EXAMPLE_TIMES.created,
};
export const adminTenantSchema = adminTenantFields.meta({ id: 'PlatformTenant', examples: [exampleAdminTenant] });
export type AdminTenant = z.infer<typeof adminTenantSchema>;

export const adminTenantListSchema = z
  .object({ data: z.array(adminTenantSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'PlatformTenantPage', examples: [{ data: [exampleAdminTenant], nextCursor: null }] });

export const wipeOutResultSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    deleted: z.record(z.string(), z.int()),
  })
  .meta({
    id: 'TenantWipeOut',
    examples: [{ slug: 'acme-pharma', name: 'Acme Pharma', deleted: { memberships: 12, roles: 6, batches: 140, audit_events: 18234 } }],
  });
export type WipeOutResult = z.infer<typeof wipeOutResultSchema>;

const isoDate = z.iso
  .datetime({ offset: true, message: 'An ISO-8601 time, e.g. 2026-01-31T00:00:00Z.' })
  .or(z.iso.date({ message: 'An ISO-8601 date or time.' }));

export const platformEventsQuerySchema = z.strictObject({
  action: z.string().trim().min(1).max(100).optional(),
  actorId: z.string().trim().min(1).max(100).optional(),
  /** The kind of record acted on: `tenant`, `user` (an account) or `session`. */
  targetType: z
    .string()
    .trim()
    .min(1, 'Must not be empty.')
    .max(100, 'At most 100 characters.')
    .optional()
    .describe('Type of the record acted on (`tenant`, `user`, `session`).'),
  /** The id of the record acted on (a tenant's id: that tenant's registry events). */
  targetId: z
    .string()
    .trim()
    .min(1, 'Must not be empty.')
    .max(200, 'At most 200 characters.')
    .optional()
    .describe('Id of the record acted on (a tenant id with `targetType=tenant`).'),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** By time (`occurred`, the chain's sequence), the one order. */
  sort: z.enum(['occurred'], { message: 'Use occurred.' }).default('occurred'),
  /** `desc` (newest first, the default) or `asc` (oldest first). */
  dir: sortDirSchema.default('desc'),
  limit,
  cursor,
});
export type PlatformEventsQuery = z.input<typeof platformEventsQuerySchema>;

/** The platform trail's events have the tenant trail's shape (lib/audit/schemas.ts). */
export { auditEventSchema, type AuditEventView } from '@/lib/audit/schemas';

export const platformEventListSchema = z.object({ data: z.array(auditEventSchema), nextCursor: z.string().nullable() }).meta({
  id: 'PlatformEventPage',
  examples: [
    {
      data: [
        {
          id: EXAMPLE_IDS.auditEvent,
          occurredAt: EXAMPLE_TIMES.created,
          actor: { type: 'user', id: EXAMPLE_IDS.user, name: 'Dana Whitfield' },
          action: 'tenant.created',
          targetType: 'tenant',
          targetId: EXAMPLE_IDS.tenant,
          before: null,
          after: { slug: 'acme-pharma', name: 'Acme Pharma', plan: 'team' },
          reason: null,
          requestId: '0f8c1f5e-2d8b-4a7e-9a51-6f0d3c2b7e11',
          ip: '203.0.113.24',
          userAgent: 'curl/8.7.1',
          hash: EXAMPLE_SHA256,
        },
      ],
      nextCursor: null,
    },
  ],
});
