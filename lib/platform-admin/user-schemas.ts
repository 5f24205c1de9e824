import { z } from 'zod';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';

/** `?limit=` (1–200, default 50) and `?cursor=`, as every list of API.md. */
const limit = z.coerce.number().int('A whole number.').min(1, 'At least 1.').max(200, 'At most 200.').default(50);
const cursor = z.string().min(1).max(500).optional();

/** An account's state for platform admins: `deactivated` accounts are refused every way in. */
export const USER_STATUSES = ['active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const userStatusSchema = z.enum(USER_STATUSES, { message: 'Use active or deactivated.' });

export const adminUserParamsSchema = z.strictObject({
  id: z.uuid({ message: 'Not a valid user id.' }),
});

export const listUsersQuerySchema = z.strictObject({
  /** Part of the name or email, any case. */
  q: z.string().trim().max(100, 'At most 100 characters.').optional(),
  status: userStatusSchema.optional(),
  limit,
  cursor,
});
export type ListUsersQuery = z.input<typeof listUsersQuerySchema>;

/** Why an account is deactivated or a member suspended: optional, shown to admins, mailed to the person. */
export const lifecycleReasonSchema = z.string().trim().max(500, 'At most 500 characters.');

export const deactivateUserSchema = z
  .strictObject({ reason: lifecycleReasonSchema.optional() })
  .meta({ examples: [{ reason: 'Left the company on 31 January' }] });
export type DeactivateUserInput = z.input<typeof deactivateUserSchema>;

const exampleAdminUser = {
  id: EXAMPLE_IDS.user,
  name: 'Dana Whitfield',
  email: 'dana.whitfield@acme-pharma.example',
  status: 'active' as const,
  isPlatformAdmin: false,
  tenantCount: 2,
  lastSignInAt: EXAMPLE_TIMES.updated,
  createdAt: EXAMPLE_TIMES.created,
  deactivatedAt: null,
  deactivatedReason: null,
};

export const adminUserSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().meta({ format: 'email' }),
    status: userStatusSchema,
    isPlatformAdmin: z.boolean(),
    /** Tenants the person is a member of (active or suspended; removed memberships are not counted). */
    tenantCount: z.int(),
    lastSignInAt: outputDateTime().nullable(),
    createdAt: outputDateTime(),
    deactivatedAt: outputDateTime().nullable(),
    deactivatedReason: z.string().nullable(),
  })
  .meta({
    id: 'AdminUser',
    examples: [exampleAdminUser],
  });
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUserListSchema = z
  .object({ data: z.array(adminUserSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminUserList', examples: [{ data: [exampleAdminUser], nextCursor: null }] });
