import { z } from 'zod';
import { ACCESS_REVIEW_DECISIONS, ACCESS_REVIEW_RECURRENCES, ACCESS_REVIEW_STATUSES } from '@/db/schema/access-reviews';
import { EXAMPLE_IDS, EXAMPLE_PERSON, EXAMPLE_REVIEWER, EXAMPLE_TIMES } from '@/lib/api-examples';
import { permissionKeySchema } from '@/lib/access/override-schemas';
import { signatureInputSchema } from '@/lib/quality/schemas';
import { outputDate, outputDateTime } from '@/lib/validation';
import { NAME_MAX, COMMENT_MAX, MAX_CHOSEN_PERMISSIONS, MAX_CHOSEN_REVIEWERS } from './policy';

/**
 * Zod schemas of access-review campaigns (`/api/v1/tenants/{tenant}/access-reviews`), shared by the routes, the
 * console's forms and the API document. The rules that need facts (who may review, what a decision may take away,
 * the due date against the clock) are in ./policy.ts and run after these.
 */

const uuid = z.uuid('Not a valid id.');

export const accessReviewScopeSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('all') }),
      z.strictObject({ type: z.literal('team'), teamId: uuid }),
      z.strictObject({ type: z.literal('system'), systemId: uuid }),
      z.strictObject({
        type: z.literal('permissions'),
        permissions: z
          .array(permissionKeySchema, { message: 'Must be a list of permissions.' })
          .min(1, 'Choose at least one permission.')
          .max(MAX_CHOSEN_PERMISSIONS, `At most ${MAX_CHOSEN_PERMISSIONS} permissions.`),
      }),
    ],
    { message: 'One of all, team (with teamId), system (with systemId) or permissions (with permissions).' },
  )
  .meta({ id: 'AccessReviewScope' });

export const accessReviewReviewersSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({
        type: z.literal('people'),
        /** User ids of active members of the tenant. */
        userIds: z
          .array(uuid, { message: 'Must be a list of user ids.' })
          .min(1, 'Choose at least one reviewer.')
          .max(MAX_CHOSEN_REVIEWERS, `At most ${MAX_CHOSEN_REVIEWERS} reviewers.`)
          .refine((ids) => new Set(ids).size === ids.length, 'Each reviewer only once.'),
      }),
      z.strictObject({ type: z.literal('admins') }),
    ],
    { message: 'One of people (with userIds) or admins.' },
  )
  .meta({ id: 'AccessReviewReviewers' });

const dueOn = z.iso.date({ message: 'Must be a date such as 2027-03-31.' });

export const createAccessReviewSchema = z
  .strictObject({
    name: z.string({ message: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(NAME_MAX, `At most ${NAME_MAX} characters.`),
    /** Who is reviewed: every member, a team's members, the members with access to a system, or holders of chosen permissions. */
    scope: accessReviewScopeSchema,
    /** Who reviews: chosen people, or the admins (active members holding `access_reviews.manage` when it starts). */
    reviewers: accessReviewReviewersSchema,
    /** The last day to decide (a date after today). */
    dueOn,
    /** `quarterly` or `yearly`: the next campaign starts on schedule a period after this one. Default `none`. */
    recurrence: z.enum(ACCESS_REVIEW_RECURRENCES, { message: `One of ${ACCESS_REVIEW_RECURRENCES.join(', ')}.` }).optional(),
  })
  .meta({
    examples: [
      {
        name: 'Q1 2027 user-access review',
        scope: { type: 'all' },
        reviewers: { type: 'admins' },
        dueOn: '2027-03-31',
        recurrence: 'quarterly',
      },
    ],
  });
export type CreateAccessReviewInput = z.input<typeof createAccessReviewSchema>;

const refList = z
  .array(z.string({ message: 'Must be a role id or name.' }).trim().min(1, 'Must be a role id or name.').max(200), {
    message: 'Must be a list of roles.',
  })
  .max(100, 'At most 100.');

export const accessReviewChangeInputSchema = z
  .strictObject({
    /** revoke: roles to take away (ids or exact names of roles the member holds directly). */
    roleIds: refList.optional(),
    /** revoke: direct grants or denies to take away, by permission key. */
    overrides: z.array(permissionKeySchema).max(500, 'At most 500.').optional(),
    /** revoke: the whole membership. */
    membership: z.boolean({ message: 'Must be true or false.' }).optional(),
    /** modify: the member's new set of direct roles (ids or exact names). */
    setRoleIds: refList.optional(),
  })
  .meta({ id: 'AccessReviewChange' });

export const decideReviewItemSchema = z
  .strictObject({
    decision: z.enum(ACCESS_REVIEW_DECISIONS, { message: `One of ${ACCESS_REVIEW_DECISIONS.join(', ')}.` }),
    /** Why: required for revoke and modify. */
    comment: z.string({ message: 'Must be text.' }).trim().max(COMMENT_MAX, `At most ${COMMENT_MAX} characters.`).optional(),
    /** revoke: `roleIds`, `overrides` or `membership`; modify: `setRoleIds`; keep: none. */
    change: accessReviewChangeInputSchema.optional(),
  })
  .meta({
    examples: [
      { decision: 'keep' },
      { decision: 'revoke', comment: 'Moved to the warehouse team; no longer releases batches.', change: { roleIds: ['qa'] } },
      { decision: 'modify', comment: 'Read-only from now on.', change: { setRoleIds: ['viewer'] } },
    ],
  });
export type DecideReviewItemInput = z.input<typeof decideReviewItemSchema>;

export const signReviewDecisionsSchema = z
  .strictObject({
    /** Meaning `reviewed`: one password entry signs every decided, unsigned item of yours in this campaign. */
    signature: signatureInputSchema,
  })
  .meta({ examples: [{ signature: { password: 'your password', meaning: 'reviewed' } }] });
export type SignReviewDecisionsInput = z.input<typeof signReviewDecisionsSchema>;

export const closeAccessReviewSchema = z
  .strictObject({
    /** Meaning `approved`: the owner signs the campaign and its report. */
    signature: signatureInputSchema,
  })
  .meta({ examples: [{ signature: { password: 'your password', meaning: 'approved' } }] });
export type CloseAccessReviewInput = z.input<typeof closeAccessReviewSchema>;

export const accessReviewParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: uuid });
export const accessReviewItemParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: uuid, itemId: uuid });

export const REVIEWER_FILTERS = ['me', 'all'] as const;
export const listReviewItemsQuerySchema = z.strictObject({
  /** `me` (default for reviewers): your items; `all`: everyone's (needs `access_reviews.manage`). */
  reviewer: z.enum(REVIEWER_FILTERS, { message: 'One of me, all.' }).optional(),
});
export type ListReviewItemsQuery = z.input<typeof listReviewItemsQuerySchema>;

// ── Views ────────────────────────────────────────────────────────────────────────────────────────────

const person = z.object({ id: z.uuid(), name: z.string() });

const EXAMPLE_CAMPAIGN = {
  id: EXAMPLE_IDS.note,
  name: 'Q1 2027 user-access review',
  scope: { type: 'all' as const },
  reviewers: { type: 'admins' as const },
  dueOn: '2027-03-31',
  recurrence: 'quarterly' as const,
  status: 'open' as const,
  owner: EXAMPLE_PERSON,
  previousCampaignId: null,
  createdAt: EXAMPLE_TIMES.created,
  closedAt: null,
  overdue: false,
  progress: { total: 12, decided: 5, signed: 3 },
  reportSha256: null,
};

export const accessReviewSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scope: accessReviewScopeSchema,
    reviewers: accessReviewReviewersSchema,
    dueOn: outputDate(),
    recurrence: z.enum(ACCESS_REVIEW_RECURRENCES),
    status: z.enum(ACCESS_REVIEW_STATUSES),
    /** Who started it; signs it at closing. */
    owner: person,
    previousCampaignId: z.uuid().nullable(),
    createdAt: outputDateTime(),
    closedAt: outputDateTime().nullable(),
    /** Open after its due date. */
    overdue: z.boolean(),
    /** Items in total, decided and signed (for a reviewer without `access_reviews.manage`: their own items). */
    progress: z.object({ total: z.number().int(), decided: z.number().int(), signed: z.number().int() }),
    /** SHA-256 (hex) of the report stored at closing; null while open. */
    reportSha256: z.string().nullable(),
  })
  .meta({ id: 'AccessReview', examples: [EXAMPLE_CAMPAIGN] });
export type AccessReviewView = z.infer<typeof accessReviewSchema>;

export const accessReviewListSchema = z
  .object({ data: z.array(accessReviewSchema) })
  .meta({ id: 'AccessReviewList', examples: [{ data: [EXAMPLE_CAMPAIGN] }] });
export type AccessReviewList = z.infer<typeof accessReviewListSchema>;

const snapshotSchema = z.object({
  status: z.enum(['active', 'suspended']),
  roles: z.array(z.object({ id: z.uuid(), name: z.string(), system: z.string().nullable() })),
  teams: z.array(z.object({ id: z.uuid(), name: z.string() })),
  overrides: z.array(z.object({ permission: z.string(), effect: z.enum(['allow', 'deny']) })),
  systems: z.array(z.object({ id: z.uuid(), slug: z.string(), name: z.string() })),
  lastActiveAt: outputDateTime().nullable(),
  secondFactor: z.object({ totp: z.boolean(), passkeys: z.number().int() }),
});

const changeSchema = z.object({
  roleIds: z.array(z.string()).optional(),
  overrides: z.array(z.string()).optional(),
  membership: z.boolean().optional(),
  setRoleIds: z.array(z.string()).optional(),
  notes: z.array(z.string()).optional(),
});

const EXAMPLE_ITEM = {
  id: EXAMPLE_IDS.attachment,
  campaignId: EXAMPLE_CAMPAIGN.id,
  reviewer: EXAMPLE_REVIEWER,
  member: { membershipId: EXAMPLE_IDS.membership, userId: EXAMPLE_IDS.user, name: 'Dana Whitfield', email: 'dana@example.com' },
  snapshot: {
    status: 'active' as const,
    roles: [{ id: EXAMPLE_IDS.role, name: 'qa', system: null }],
    teams: [],
    overrides: [],
    systems: [],
    lastActiveAt: EXAMPLE_TIMES.updated,
    secondFactor: { totp: true, passkeys: 0 },
  },
  decision: 'revoke' as const,
  change: { roleIds: [EXAMPLE_IDS.role] },
  comment: 'No longer releases batches.',
  decidedAt: EXAMPLE_TIMES.updated,
  signatureId: EXAMPLE_IDS.signature,
  signedAt: EXAMPLE_TIMES.signed,
  appliedChange: { roleIds: [EXAMPLE_IDS.role] },
};

export const accessReviewItemSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    reviewer: person,
    /** The member reviewed (never the reviewer). */
    member: z.object({ membershipId: z.uuid(), userId: z.uuid(), name: z.string(), email: z.string() }),
    /** Their access when the campaign started. */
    snapshot: snapshotSchema,
    decision: z.enum(ACCESS_REVIEW_DECISIONS).nullable(),
    /** What the decision takes away (revoke) or sets (modify), role ids resolved. */
    change: changeSchema.nullable(),
    comment: z.string().nullable(),
    decidedAt: outputDateTime().nullable(),
    signatureId: z.uuid().nullable(),
    signedAt: outputDateTime().nullable(),
    /** What the signature changed; `notes` names what no longer applied. */
    appliedChange: changeSchema.nullable(),
  })
  .meta({ id: 'AccessReviewItem', examples: [EXAMPLE_ITEM] });
export type AccessReviewItemView = z.infer<typeof accessReviewItemSchema>;

export const accessReviewItemListSchema = z
  .object({ data: z.array(accessReviewItemSchema) })
  .meta({ id: 'AccessReviewItemList', examples: [{ data: [EXAMPLE_ITEM] }] });
export type AccessReviewItemList = z.infer<typeof accessReviewItemListSchema>;

export const signedReviewDecisionsSchema = z
  .object({
    /** How many items this signature signed. */
    signed: z.number().int(),
    /** The items signed, with what each changed. */
    data: z.array(accessReviewItemSchema),
  })
  .meta({ id: 'AccessReviewSignedDecisions', examples: [{ signed: 1, data: [EXAMPLE_ITEM] }] });
export type SignedReviewDecisions = z.infer<typeof signedReviewDecisionsSchema>;
