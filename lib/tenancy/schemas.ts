import { z } from 'zod';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';

/** The plan catalog (the `plans` rows of drizzle/0001_rls_audit.sql): `seatLimit` 5, 25 and unlimited. */
export const PLAN_IDS = ['starter', 'team', 'enterprise'] as const;

export const tenantSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'Use 2–63 lowercase letters, digits and hyphens, starting with a letter or digit.')
  .meta({ examples: ['acme-pharma'] });

export const tenantSettingsSchema = z.strictObject({
  sessionTimeoutMinutes: z
    .int()
    .min(5, 'At least 5 minutes.')
    .max(7 * 24 * 60, 'At most 7 days.')
    .optional(),
  signatureRequiresPassword: z.boolean().optional(),
});

export const tenantSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    /** One of the plan catalog's ids (the type stays string: the rows live in the database). */
    plan: z.string().meta({ enum: [...PLAN_IDS] }),
    status: z.enum(['active', 'suspended']),
    settings: z.object({
      sessionTimeoutMinutes: z.int(),
      signatureRequiresPassword: z.boolean(),
    }),
    createdAt: outputDateTime(),
    updatedAt: outputDateTime(),
    /** Seats in use (active members) of the plan's limit (null: unlimited); in GET only. */
    seats: z.object({ used: z.int(), limit: z.int().nullable() }).optional(),
  })
  .meta({
    id: 'Tenant',
    examples: [
      {
        id: EXAMPLE_IDS.tenant,
        slug: 'acme-pharma',
        name: 'Acme Pharma',
        plan: 'team',
        status: 'active',
        settings: { sessionTimeoutMinutes: 480, signatureRequiresPassword: true },
        createdAt: EXAMPLE_TIMES.created,
        updatedAt: EXAMPLE_TIMES.updated,
        seats: { used: 12, limit: 25 },
      },
    ],
  });
export type TenantView = z.infer<typeof tenantSchema>;

export const updateTenantSchema = z
  .strictObject({
    name: z.string().trim().min(2, 'At least 2 characters.').max(100, 'At most 100 characters.').optional(),
    settings: tenantSettingsSchema.optional(),
  })
  .meta({ examples: [{ name: 'Acme Pharma GmbH', settings: { sessionTimeoutMinutes: 480, signatureRequiresPassword: true } }] });
export type UpdateTenantInput = z.infer<typeof updateTenantSchema>;

export const tenantParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63) });

/** Slugs that would collide with the app's own paths or read as official. */
export const RESERVED_SLUGS = new Set([
  'admin',
  'api',
  'app',
  'auth',
  'account',
  'custos',
  'dev',
  'new',
  'root',
  'settings',
  'sign-in',
  'sign-up',
  'static',
  'support',
  'system',
  'www',
]);

export const createTenantSchema = z
  .strictObject({
    slug: tenantSlugSchema.refine((slug) => !RESERVED_SLUGS.has(slug), 'This address is reserved. Choose another.'),
    name: z.string({ message: 'Enter a name.' }).trim().min(2, 'At least 2 characters.').max(100, 'At most 100 characters.'),
  })
  .meta({ examples: [{ slug: 'acme-pharma', name: 'Acme Pharma' }] });
export type CreateTenantInput = z.infer<typeof createTenantSchema>;
