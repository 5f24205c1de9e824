import { z } from 'zod';
import { EXAMPLE_IDS } from '@/lib/api-examples';

/** A catalog key (`batches.read`) or a system key (`lims:samples.read`). Whether it exists is checked in the domain. */
export const permissionKeySchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^([a-z0-9][a-z0-9-]*:)?[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'Not a permission key (resource.action or system:resource.action).')
  .meta({ examples: ['batches.release'] });

const keyList = z
  .array(permissionKeySchema)
  .max(500, 'At most 500.')
  .refine((keys) => new Set(keys).size === keys.length, 'Each permission only once.');

/** Replace a member's direct grants and explicit denies. */
export const setOverridesSchema = z
  .strictObject({ grant: keyList, deny: keyList })
  .superRefine((v, ctx) => {
    const granted = new Set(v.grant);
    v.deny.forEach((key, i) => {
      if (granted.has(key))
        ctx.addIssue({ code: 'custom', path: ['deny', i], message: `${key} is also granted: grant or deny it, not both.` });
    });
  })
  .meta({ examples: [{ grant: ['batches.export'], deny: ['batches.release'] }] });
export type SetOverridesInput = z.infer<typeof setOverridesSchema>;

export const overridesSchema = z
  .object({ grant: z.array(z.string()), deny: z.array(z.string()) })
  .meta({ id: 'PermissionOverrides', examples: [{ grant: ['batches.export'], deny: ['batches.release'] }] });
export type Overrides = z.infer<typeof overridesSchema>;

const sourceSchema = z.union([
  z.object({ type: z.literal('role'), id: z.uuid(), name: z.string() }),
  z.object({ type: z.literal('team'), id: z.uuid(), name: z.string(), role: z.object({ id: z.uuid(), name: z.string() }) }),
  z.object({ type: z.literal('grant') }),
]);

export const memberPermissionsSchema = z
  .object({
    permissions: z.array(
      z.object({
        permission: z.string(),
        allowed: z.boolean(),
        /** Every role, team and direct grant giving it (denied ones included). */
        sources: z.array(sourceSchema),
        /** What decided: `deny`, `role:<name>`, `team:<name>`, `grant`, `default_deny` or `system_inactive`. */
        decidedBy: z.string(),
      }),
    ),
    /** Explicit denies on this member. */
    denies: z.array(z.string()),
    /** The member's direct grants and denies as stored (what PUT overrides replaces). */
    overrides: overridesSchema,
  })
  .meta({
    id: 'MemberPermissions',
    examples: [
      {
        permissions: [
          {
            permission: 'batches.read',
            allowed: true,
            sources: [{ type: 'role', id: EXAMPLE_IDS.role, name: 'QA Reviewer' }],
            decidedBy: 'role:QA Reviewer',
          },
          { permission: 'batches.release', allowed: false, sources: [{ type: 'grant' }], decidedBy: 'deny' },
        ],
        denies: ['batches.release'],
        overrides: { grant: ['batches.export'], deny: ['batches.release'] },
      },
    ],
  });
export type MemberPermissions = z.infer<typeof memberPermissionsSchema>;

export const authorizeSchema = z
  .strictObject({
    /** `resource.action`; in a system context (`system`, or the `X-System-Slug` header) the key is `<system>:<permission>`. */
    permission: z.string().trim().min(1, 'Name a permission.').max(200),
    /** Whom to ask about; yourself when absent. Asking about someone else needs members.read. */
    userId: z.uuid('Not a user id.').optional(),
    /** The system context; the `X-System-Slug` header does the same, and both must agree. */
    system: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Not a system slug.')
      .optional(),
  })
  .meta({ examples: [{ permission: 'samples.approve', userId: EXAMPLE_IDS.user, system: 'lims' }] });
export type AuthorizeInput = z.infer<typeof authorizeSchema>;

export const authorizeResultSchema = z
  .object({
    allowed: z.boolean(),
    /** `role:<name>`, `team:<name>`, `grant`, `deny`, `default_deny` or `system_inactive`. */
    reason: z.string(),
  })
  .meta({ id: 'AuthorizeResult', examples: [{ allowed: true, reason: 'role:QA Reviewer' }] });
export type AuthorizeResult = z.infer<typeof authorizeResultSchema>;
