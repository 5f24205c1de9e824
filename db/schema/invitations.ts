import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './identity';
import { tenants } from './tenancy';

/**
 * Invitations by email link. The token (256-bit, in the mail only) is stored as its SHA-256; resending
 * replaces it. `status` moves pending → accepted | revoked | expired, once. A pending invitation holds a
 * seat of the tenant's plan until it is accepted, revoked or expires. Roles and teams are kept as ids and
 * resolved on acceptance (one deleted since is simply not given). Tenant-owned.
 */
export const invitations = pgTable(
  'invitations',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    roleIds: uuid('role_ids').array().notNull(),
    teamIds: uuid('team_ids').array().notNull(),
    tokenHash: text('token_hash').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'revoked', 'expired'] })
      .notNull()
      .default('pending'),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    invitedByName: text('invited_by_name').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    sentCount: integer('sent_count').notNull().default(1),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    // One open invitation per address and tenant: a second is 409 (resend the first instead).
    uniqueIndex('invitations_pending_email_key')
      .on(t.tenantId, t.email)
      .where(sql`status = 'pending'`),
    index('invitations_tenant_idx').on(t.tenantId, t.createdAt),
  ],
);
