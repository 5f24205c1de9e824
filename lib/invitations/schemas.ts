import { z } from 'zod';
import { roleRefList } from '@/lib/access/role-ref-schemas';
import { emailSchema, nameSchema, tokenSchema } from '@/lib/auth/schemas';
import { newPasswordSchema } from '@/lib/auth/password-policy';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { EXAMPLE_IDS, EXAMPLE_PERSON, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime, outputEmail } from '@/lib/validation';
import { sortDirSchema, type SortDir } from '@/lib/list-order';

// Invitations: one definition for the API, the console forms and OpenAPI.

/** Days an invitation link works; resending starts a new period with a new link. */
export const INVITATION_TTL_DAYS = 7;
/** Addresses one bulk invitation may carry. */
export const BULK_INVITE_MAX = 100;

export const INVITATION_STATUSES = ['pending', 'accepted', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

const idList = (what: string, min: number) =>
  z
    .array(z.uuid(`Not a ${what} id.`), { message: `A list of ${what} ids.` })
    .min(min, min ? `Choose at least one ${what}.` : undefined)
    .max(50, 'At most 50.')
    .refine((ids) => new Set(ids).size === ids.length, 'Each id only once.');

export const inviteSchema = z
  .strictObject({
    email: emailSchema,
    roles: roleRefList({ min: 1, max: 50 }),
    teamIds: idList('team', 0).optional(),
  })
  .meta({ examples: [{ email: 'sam.okafor@acme-pharma.example', roles: ['QA Reviewer'], teamIds: [EXAMPLE_IDS.team] }] });
export type InviteInput = z.infer<typeof inviteSchema>;

export const bulkInviteSchema = z
  .strictObject({
    emails: z
      .array(z.string({ message: 'An email address.' }).max(254, 'At most 254 characters.'), { message: 'A list of email addresses.' })
      .min(1, 'Paste at least one address.')
      .max(BULK_INVITE_MAX, `At most ${BULK_INVITE_MAX} addresses at once.`),
    roles: roleRefList({ min: 1, max: 50 }),
    teamIds: idList('team', 0).optional(),
  })
  .meta({ examples: [{ emails: ['sam.okafor@acme-pharma.example', 'lea.brandt@acme-pharma.example'], roles: [EXAMPLE_IDS.role] }] });
export type BulkInviteInput = z.infer<typeof bulkInviteSchema>;

export const invitationParamsSchema = tenantParamsSchema.extend({ id: z.uuid('Not an invitation id.') });

/** The orders of the invitations list (`?sort=`) and the direction each takes when `?dir=` is left out. */
export const INVITATION_SORTS = ['created', 'email', 'expires'] as const;
export type InvitationSort = (typeof INVITATION_SORTS)[number];
export const INVITATION_SORT_DIRS: Record<InvitationSort, SortDir> = { created: 'desc', email: 'asc', expires: 'asc' };

export const listInvitationsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'At least 1.').max(200, 'At most 200.').default(50),
  cursor: z.string().max(200).optional(),
  status: z.enum(INVITATION_STATUSES, { message: 'Use pending, accepted, expired or revoked.' }).optional(),
  /** Part of the address, case-insensitive. */
  q: z.string().trim().max(200).optional(),
  /** `created` (newest first, the default), `email` (A–Z) or `expires` (soonest first). */
  sort: z.enum(INVITATION_SORTS, { message: `Use ${INVITATION_SORTS.join(', ')}.` }).default('created'),
  /** `asc` or `desc`; left out, the order's own direction. */
  dir: sortDirSchema.optional(),
});
export type ListInvitationsQuery = z.infer<typeof listInvitationsQuerySchema>;

const ref = z.object({ id: z.uuid(), name: z.string() });

const invitationFields = z.object({
  id: z.uuid(),
  email: outputEmail(),
  status: z.enum(INVITATION_STATUSES),
  roles: z.array(ref),
  teams: z.array(ref),
  invitedBy: z.object({ id: z.uuid().nullable(), name: z.string() }),
  expiresAt: outputDateTime(),
  createdAt: outputDateTime(),
  lastSentAt: outputDateTime(),
  sentCount: z.int(),
  acceptedAt: outputDateTime().nullable(),
  revokedAt: outputDateTime().nullable(),
});
const exampleInvitation = {
  id: EXAMPLE_IDS.invitation,
  email: 'sam.okafor@acme-pharma.example',
  status: 'pending' as const,
  roles: [{ id: EXAMPLE_IDS.role, name: 'QA Reviewer' }],
  teams: [{ id: EXAMPLE_IDS.team, name: 'QA Berlin' }],
  invitedBy: EXAMPLE_PERSON,
  expiresAt: EXAMPLE_TIMES.expires,
  createdAt: EXAMPLE_TIMES.created,
  lastSentAt: EXAMPLE_TIMES.created,
  sentCount: 1,
  acceptedAt: null,
  revokedAt: null,
};
export const invitationSchema = invitationFields.meta({ id: 'Invitation', examples: [exampleInvitation] });
export type InvitationView = z.infer<typeof invitationSchema>;

export const seatsSchema = z.object({ used: z.int(), limit: z.int().nullable() }).meta({ id: 'Seats' });
export type Seats = z.infer<typeof seatsSchema>;

export const invitationListSchema = z
  .object({
    data: z.array(invitationSchema),
    nextCursor: z.string().nullable(),
    seats: seatsSchema,
  })
  .meta({ id: 'InvitationPage', examples: [{ data: [exampleInvitation], nextCursor: null, seats: { used: 12, limit: 25 } }] });
export type InvitationList = z.infer<typeof invitationListSchema>;

export const bulkInviteResultSchema = z
  .object({
    results: z.array(
      z.object({
        email: z.string(),
        ok: z.boolean(),
        invitation: invitationSchema.optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
    invited: z.int(),
    failed: z.int(),
    seats: seatsSchema,
  })
  .meta({
    id: 'BulkInvitationResult',
    examples: [
      {
        results: [
          { email: 'sam.okafor@acme-pharma.example', ok: true, invitation: exampleInvitation },
          { email: 'lea.brandt@acme-pharma.example', ok: false, error: { code: 'conflict', message: 'Already a member.' } },
        ],
        invited: 1,
        failed: 1,
        seats: { used: 13, limit: 25 },
      },
    ],
  });
export type BulkInviteResult = z.infer<typeof bulkInviteResultSchema>;

// The invitee's side: the token from the mail link.

export const invitationTokenParamsSchema = z.strictObject({ token: tokenSchema });

export const publicInvitationSchema = z
  .object({
    tenant: z.object({ slug: z.string(), name: z.string() }),
    email: outputEmail(),
    roles: z.array(z.string()),
    invitedBy: z.string(),
    expiresAt: outputDateTime(),
    /** Whether an account exists for the invited address (the invitee then signs in to accept). */
    accountExists: z.boolean(),
  })
  .meta({
    id: 'InvitationLink',
    examples: [
      {
        tenant: { slug: 'acme-pharma', name: 'Acme Pharma' },
        email: 'sam.okafor@acme-pharma.example',
        roles: ['QA Reviewer'],
        invitedBy: 'Dana Whitfield',
        expiresAt: EXAMPLE_TIMES.expires,
        accountExists: false,
      },
    ],
  });
export type PublicInvitation = z.infer<typeof publicInvitationSchema>;

/** Accepting signed in: no body. Accepting as a new person: name and password (the account is created verified). */
export const acceptInvitationSchema = z
  .strictObject({ name: nameSchema, password: newPasswordSchema })
  .partial()
  .refine((v) => (v.name === undefined) === (v.password === undefined), {
    message: 'Send both name and password to create an account, or neither when signed in.',
    path: ['password'],
  })
  .meta({ examples: [{ name: 'Sam Okafor', password: 'correct horse battery staple' }] });
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;

/** The invitee's new-account form in the console (the invited address is the account's email). */
export const newAccountSchema = z.strictObject({ name: nameSchema, password: newPasswordSchema });
export type NewAccountInput = z.infer<typeof newAccountSchema>;

export const acceptedInvitationSchema = z
  .object({
    tenant: z.object({ slug: z.string(), name: z.string() }),
    email: outputEmail(),
    userId: z.uuid(),
    membershipId: z.uuid(),
    accountCreated: z.boolean(),
  })
  .meta({
    id: 'AcceptedInvitation',
    examples: [
      {
        tenant: { slug: 'acme-pharma', name: 'Acme Pharma' },
        email: 'sam.okafor@acme-pharma.example',
        userId: EXAMPLE_IDS.reviewer,
        membershipId: EXAMPLE_IDS.membership,
        accountCreated: true,
      },
    ],
  });
export type AcceptedInvitation = z.infer<typeof acceptedInvitationSchema>;
