import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity';
import { plans } from './platform';

export type TenantSettings = {
  /** Idle minutes before a console session must sign in again. */
  sessionTimeoutMinutes?: number;
  /** Whether every electronic signature asks for the password again. */
  signatureRequiresPassword?: boolean;
  /** Who must use a second factor (default off). */
  mfaRequired?: 'off' | 'admins' | 'signers' | 'everyone';
  /** Members whose email is on a verified domain sign in through the tenant's SSO only (lib/sso/domains/policy.ts). */
  ssoRequired?: boolean;
  /** Suspend members who have not signed in for this many days; null or absent: never. */
  deactivateAfterDays?: number | null;
  /** Password rules; absent fields take the defaults (12, 3, 5, null). */
  passwordPolicy?: { minLength?: number; minScore?: number; historyCount?: number; maxAgeDays?: number | null };
  /** Attributes the tenant keeps on its members (lib/tenancy/schemas.ts memberAttributeDefinitionSchema). */
  memberAttributes?: Array<{
    key: string;
    label: string;
    type: 'text' | 'number' | 'date' | 'choice';
    options?: string[];
    required: boolean;
  }>;
};

/** The tenant registry. Not itself tenant-owned: the slug is resolved before a tenant is chosen. */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  planId: text('plan_id')
    .notNull()
    .references(() => plans.id),
  status: text('status', { enum: ['active', 'suspended'] })
    .notNull()
    .default('active'),
  settings: jsonb('settings').$type<TenantSettings>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A person's membership of one tenant. Tenant-owned (row-level security). */
export const memberships = pgTable(
  'memberships',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    /** Restrict: a person with a membership of any status is never deleted (identities are never reused). */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** `suspended`: roles, teams and overrides kept, no access to the tenant until reactivated; still holds a seat. */
    status: text('status', { enum: ['active', 'suspended', 'removed'] })
      .notNull()
      .default('active'),
    /** Values of the tenant's custom member attributes (settings.memberAttributes), by key. */
    attributes: jsonb('attributes').$type<Record<string, string | number>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    suspendedReason: text('suspended_reason'),
    /** When the member last used the tenant; written at most once a day (lib/access/member-access.ts). */
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }),
    /** When the dormant-member job mailed its warning; cleared by activity. */
    dormancyWarnedAt: timestamp('dormancy_warned_at', { withTimezone: true }),
    /** The directory's id for this person (SCIM `externalId`); unique within the tenant. */
    externalId: text('external_id'),
    /** Who created the membership: an invitation or an admin (null), SSO just-in-time provisioning, or SCIM. */
    provisionedBy: text('provisioned_by', { enum: ['sso', 'scim'] }),
  },
  (t) => [
    uniqueIndex('memberships_tenant_user_key').on(t.tenantId, t.userId),
    index('memberships_user_idx').on(t.userId),
    uniqueIndex('memberships_tenant_external_id_key')
      .on(t.tenantId, t.externalId)
      .where(sql`${t.externalId} is not null`),
  ],
);
