import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * Global identity: one person, one login, many tenants. Property names `emailVerified` and `image`
 * are what the Auth.js Drizzle adapter expects.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    image: text('image'),
    passwordHash: text('password_hash'),
    emailVerified: timestamp('email_verified_at', { withTimezone: true }),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /** When the password was last set (sign-up, reset, change, invitation); the password rules' maximum age counts from it. */
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    /** Set while a platform admin has deactivated the account: every way in is refused (lib/platform-admin/deactivate-user.ts). */
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    /** Why, as the platform admin said it (shown to platform admins; the person is mailed it). */
    deactivatedReason: text('deactivated_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

/** Every sign-in (console cookie or API token pair) is a session; revoking one refuses it on its next request. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull().default('browser'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** When this session last passed a second-factor check (signing in with one, or a step-up); null: never. */
    mfaVerifiedAt: timestamp('mfa_verified_at', { withTimezone: true }),
    /**
     * How the person proved who they are: `password`, `passkey`, `oauth` (a deployment-wide provider) or `sso` (a
     * tenant's connection, `ssoConnectionId`). A tenant that requires SSO refuses the other methods for its domains.
     */
    authMethod: text('auth_method', { enum: ['password', 'passkey', 'oauth', 'sso'] }),
    ssoConnectionId: uuid('sso_connection_id'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** OAuth/OIDC accounts linked to a user (Auth.js Drizzle adapter shape). */
export const accounts = pgTable(
  'accounts',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').$type<'oauth' | 'oidc' | 'email' | 'webauthn'>().notNull(),
    provider: text('provider').notNull(),
    providerAccountId: text('provider_account_id').notNull(),
    refresh_token: text('refresh_token'),
    access_token: text('access_token'),
    expires_at: integer('expires_at'),
    token_type: text('token_type'),
    scope: text('scope'),
    id_token: text('id_token'),
    session_state: text('session_state'),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index('accounts_user_idx').on(t.userId)],
);

/**
 * Single-use links sent by mail: email verification, password reset and unlocking a locked sign-in. Only a SHA-256 of the token is
 * stored; `usedAt` is set by the one statement that consumes it, so two concurrent uses cannot both win.
 */
export const emailTokens = pgTable(
  'email_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['verify_email', 'reset_password', 'unlock_account'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('email_tokens_hash_key').on(t.tokenHash), index('email_tokens_user_idx').on(t.userId, t.purpose)],
);

/**
 * Rotating refresh tokens of API sessions. The family is the session: presenting a spent token again
 * revokes the session and with it every token of the family.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash), index('refresh_tokens_session_idx').on(t.sessionId)],
);

/** Profile pictures, stored by the app (works the same on a laptop, in Docker and on Vercel). */
export const userAvatars = pgTable('user_avatars', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  contentType: text('content_type').notNull(),
  /** The original upload of a picture set before thumbnails existed; turned into thumbnails and cleared when first served. */
  data: bytea('data'),
  /** 64 px square WebP, metadata stripped. */
  small: bytea('small'),
  /** 256 px square WebP, metadata stripped. */
  large: bytea('large'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
