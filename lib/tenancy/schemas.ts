import { z } from 'zod';

export const tenantSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'Use 2–63 lowercase letters, digits and hyphens, starting with a letter or digit.');

export const tenantSettingsSchema = z.strictObject({
  sessionTimeoutMinutes: z.int().min(5, 'At least 5 minutes.').max(7 * 24 * 60, 'At most 7 days.').optional(),
  signatureRequiresPassword: z.boolean().optional(),
});

export const tenantSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  plan: z.string(),
  status: z.enum(['active', 'suspended']),
  settings: z.object({
    sessionTimeoutMinutes: z.int(),
    signatureRequiresPassword: z.boolean(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Seats in use (active members) of the plan's limit (null: unlimited); in GET only. */
  seats: z.object({ used: z.int(), limit: z.int().nullable() }).optional(),
});
export type TenantView = z.infer<typeof tenantSchema>;

export const updateTenantSchema = z.strictObject({
  name: z.string().trim().min(2, 'At least 2 characters.').max(100, 'At most 100 characters.').optional(),
  settings: tenantSettingsSchema.optional(),
});
export type UpdateTenantInput = z.infer<typeof updateTenantSchema>;

export const tenantParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63) });

/** Slugs that would collide with the app's own paths or read as official. */
export const RESERVED_SLUGS = new Set(['admin', 'api', 'app', 'auth', 'account', 'custos', 'dev', 'new', 'root', 'settings', 'sign-in', 'sign-up', 'static', 'support', 'system', 'www']);

export const createTenantSchema = z.strictObject({
  slug: tenantSlugSchema.refine((slug) => !RESERVED_SLUGS.has(slug), 'This address is reserved. Choose another.'),
  name: z.string({ message: 'Enter a name.' }).trim().min(2, 'At least 2 characters.').max(100, 'At most 100 characters.'),
});
export type CreateTenantInput = z.infer<typeof createTenantSchema>;
