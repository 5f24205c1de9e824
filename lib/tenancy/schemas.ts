import { z } from 'zod';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';

/** The plan catalog (the `plans` rows of drizzle/0001_rls_audit.sql): `seatLimit` 5, 25 and unlimited. */
export const PLAN_IDS = ['starter', 'team', 'enterprise'] as const;

export const tenantSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'Use 2–63 lowercase letters, digits and hyphens, starting with a letter or digit.')
  .meta({ examples: ['acme-pharma'] });

/** Who must use a second factor: nobody, administrators, everyone who signs records, or everyone. */
export const MFA_REQUIRED_VALUES = ['off', 'admins', 'signers', 'everyone'] as const;
export type MfaRequired = (typeof MFA_REQUIRED_VALUES)[number];

/** The kinds of value a member attribute holds. */
export const MEMBER_ATTRIBUTE_TYPES = ['text', 'number', 'date', 'choice'] as const;
export type MemberAttributeType = (typeof MEMBER_ATTRIBUTE_TYPES)[number];

/** The password rules' bounds (the settings form and the schema share them). */
export const PASSWORD_POLICY_BOUNDS = {
  minLength: { min: 8, max: 128 },
  minScore: { min: 0, max: 4 },
  historyCount: { min: 0, max: 24 },
  maxAgeDays: { min: 30, max: 3650 },
} as const;

/** Days without a sign-in after which a member is suspended. */
export const DEACTIVATE_AFTER_DAYS_BOUNDS = { min: 30, max: 3650 } as const;

const boundedInt = (bounds: { min: number; max: number }, unit = '') =>
  z.int('Enter a whole number.').min(bounds.min, `At least ${bounds.min}${unit}.`).max(bounds.max, `At most ${bounds.max}${unit}.`);

/** A change to the password rules: any subset, merged over the tenant's current rules. */
export const passwordPolicyInputSchema = z
  .strictObject({
    minLength: boundedInt(PASSWORD_POLICY_BOUNDS.minLength, ' characters').optional(),
    minScore: boundedInt(PASSWORD_POLICY_BOUNDS.minScore).optional(),
    historyCount: boundedInt(PASSWORD_POLICY_BOUNDS.historyCount).optional(),
    /** null: passwords never expire (NIST SP 800-63B advises against expiry). */
    maxAgeDays: boundedInt(PASSWORD_POLICY_BOUNDS.maxAgeDays, ' days').nullable().optional(),
  })
  .meta({ examples: [{ minLength: 14, historyCount: 10 }] });

/** The password rules in force (every field present). */
export const passwordPolicySchema = z.object({
  minLength: z.int(),
  minScore: z.int(),
  historyCount: z.int(),
  maxAgeDays: z.int().nullable(),
});
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

/** One attribute the tenant keeps on its members (cost centre, site, badge number …). */
export const memberAttributeDefinitionSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use 1–40 lowercase letters, digits and underscores, starting with a letter.'),
    label: z.string().trim().min(1, 'Enter a label.').max(60, 'At most 60 characters.'),
    type: z.enum(MEMBER_ATTRIBUTE_TYPES, 'Choose text, number, date or choice.'),
    options: z
      .array(z.string().trim().min(1, 'Enter the option.').max(60, 'At most 60 characters.'))
      .max(100, 'At most 100 options.')
      .optional(),
    required: z.boolean(),
  })
  .superRefine((def, ctx) => {
    if (def.type === 'choice') {
      if (!def.options || def.options.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'A choice needs at least one option.' });
      } else {
        const seen = new Set<string>();
        def.options.forEach((option, i) => {
          const folded = option.toLowerCase();
          if (seen.has(folded)) ctx.addIssue({ code: 'custom', path: ['options', i], message: 'Each option must be different.' });
          seen.add(folded);
        });
      }
    } else if (def.options !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only a choice has options.' });
    }
  })
  .meta({ examples: [{ key: 'cost_centre', label: 'Cost centre', type: 'choice', options: ['R&D', 'Production'], required: true }] });
export type MemberAttributeDefinition = z.infer<typeof memberAttributeDefinitionSchema>;

export const memberAttributeDefinitionsSchema = z
  .array(memberAttributeDefinitionSchema)
  .max(30, 'At most 30 attributes.')
  .superRefine((defs, ctx) => {
    const seen = new Set<string>();
    defs.forEach((def, i) => {
      if (seen.has(def.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'Each attribute needs its own key.' });
      seen.add(def.key);
    });
  });

export const tenantSettingsSchema = z.strictObject({
  sessionTimeoutMinutes: z
    .int()
    .min(5, 'At least 5 minutes.')
    .max(7 * 24 * 60, 'At most 7 days.')
    .optional(),
  signatureRequiresPassword: z.boolean().optional(),
  mfaRequired: z.enum(MFA_REQUIRED_VALUES, 'Choose off, admins, signers or everyone.').optional(),
  /** Members on the tenant's verified domains must sign in through its SSO (needs a verified domain and an enabled connection). */
  ssoRequired: z.boolean('Choose on or off.').optional(),
  /** Suspend members who have not signed in for this many days; null: never. */
  deactivateAfterDays: boundedInt(DEACTIVATE_AFTER_DAYS_BOUNDS, ' days').nullable().optional(),
  passwordPolicy: passwordPolicyInputSchema.optional(),
  /** Replaces the whole list. */
  memberAttributes: memberAttributeDefinitionsSchema.optional(),
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
      mfaRequired: z.enum(MFA_REQUIRED_VALUES),
      ssoRequired: z.boolean(),
      deactivateAfterDays: z.int().nullable(),
      passwordPolicy: passwordPolicySchema,
      memberAttributes: z.array(memberAttributeDefinitionSchema),
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
        settings: {
          sessionTimeoutMinutes: 480,
          signatureRequiresPassword: true,
          mfaRequired: 'signers',
          ssoRequired: false,
          deactivateAfterDays: 90,
          passwordPolicy: { minLength: 12, minScore: 3, historyCount: 5, maxAgeDays: null },
          memberAttributes: [{ key: 'cost_centre', label: 'Cost centre', type: 'choice', options: ['R&D', 'Production'], required: true }],
        },
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
  .meta({
    examples: [
      {
        name: 'Acme Pharma GmbH',
        settings: { sessionTimeoutMinutes: 480, signatureRequiresPassword: true, mfaRequired: 'admins', passwordPolicy: { minLength: 14 } },
      },
    ],
  });
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
