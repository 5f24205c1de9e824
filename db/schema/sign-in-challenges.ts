import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity';

/**
 * A sign-in half done: the right password for a person who has a second factor, no session yet. The caller holds a
 * random `mfaToken` (only its SHA-256 is stored) for five minutes and trades it, with a code, for a session once
 * (lib/auth/sign-in-challenge.ts). `usedAt` is set by the one statement that completes the sign-in, so two
 * concurrent uses cannot both win. Global like sessions (a person, not a tenant).
 */
export const signInChallenges = pgTable(
  'sign_in_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    /** Where the password was given: a console sign-in's token only completes a console sign-in, and so for the API. */
    kind: text('kind', { enum: ['browser', 'token'] }).notNull(),
    /** The tenant SSO connection that was the first step, when it was not a password: the session keeps it (SSO required). */
    ssoConnectionId: uuid('sso_connection_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('sign_in_challenges_hash_key').on(t.tokenHash), index('sign_in_challenges_user_idx').on(t.userId)],
);
