import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { systems } from './access';
import { users } from './identity';
import { tenants } from './tenancy';

/**
 * Custos as the OpenID Provider of its downstream systems (issue 19).
 *
 * - signing_keys: the provider's asymmetric keys (ES256), shared by every instance through the database. Platform
 *   data, read and written on the owner connection only (the runtime role has no grant).
 * - oidc_clients: a system's OpenID clients. Tenant data under row-level security; the provider finds a client by
 *   its public client id on the owner connection before any tenant is known.
 * - oidc_payloads: oidc-provider's own storage (sessions, interactions, grants, codes, refresh tokens, opaque
 *   access tokens), one row per model and id. Owner connection only.
 * - oidc_issued_tokens: every JWT access token issued (oidc-provider keeps no copy of structured tokens), so
 *   introspection and revocation can answer from the token's id. Owner connection only.
 */

/** A published key: `next` (published, not yet signing), `active` (signs), `retired` (published until retireAt). */
export type SigningKeyState = 'next' | 'active' | 'retired';

export const signingKeys = pgTable(
  'signing_keys',
  {
    /** The JWK `kid`. */
    kid: text('kid').primaryKey(),
    alg: text('alg').notNull(),
    state: text('state').$type<SigningKeyState>().notNull(),
    /** The public JWK as published at the JWKS endpoint (kty, crv, x, y, kid, alg, use). */
    publicJwk: jsonb('public_jwk').$type<Record<string, string>>().notNull(),
    /** The private JWK, sealed with a key derived from AUTH_SECRET. */
    privateJwkSealed: text('private_jwk_sealed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    /** A retired key stays published until then (the longest lifetime of a token it signed), then is deleted. */
    retireUntil: timestamp('retire_until', { withTimezone: true }),
  },
  (t) => [
    index('signing_keys_state_idx').on(t.state),
    // At most one active and one next key, whatever a writer does (lib/keys/signing-keys.ts also serialises its writes).
    uniqueIndex('signing_keys_one_active_idx')
      .on(t.state)
      .where(sql`${t.state} = 'active'`),
    uniqueIndex('signing_keys_one_next_idx')
      .on(t.state)
      .where(sql`${t.state} = 'next'`),
  ],
);

export type OidcClientType = 'confidential' | 'public';
export type OidcGrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

export const oidcClients = pgTable(
  'oidc_clients',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    systemId: uuid('system_id')
      .notNull()
      .references(() => systems.id, { onDelete: 'cascade' }),
    /** The public OAuth client id, unique across tenants (`cus_…`). */
    clientId: text('client_id').notNull().unique(),
    name: text('name').notNull(),
    type: text('type').$type<OidcClientType>().notNull(),
    redirectUris: text('redirect_uris')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    postLogoutRedirectUris: text('post_logout_redirect_uris')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    grantTypes: text('grant_types').array().$type<OidcGrantType[]>().notNull(),
    /** First-party clients (the tenant's own systems) skip the consent page; third-party clients ask once. */
    firstParty: boolean('first_party').notNull().default(true),
    /** Confidential clients: the secret sealed (the provider compares it), shown once at creation and rotation. */
    secretSealed: text('secret_sealed'),
    secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('oidc_clients_tenant_system_idx').on(t.tenantId, t.systemId)],
);

export const oidcPayloads = pgTable(
  'oidc_payloads',
  {
    /** oidc-provider's model name: Session, Interaction, Grant, AuthorizationCode, RefreshToken, AccessToken, … */
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    grantId: text('grant_id'),
    userCode: text('user_code'),
    uid: text('uid'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index('oidc_payloads_grant_idx').on(t.grantId),
    index('oidc_payloads_uid_idx').on(t.uid),
    index('oidc_payloads_expires_idx').on(t.expiresAt),
  ],
);

export const oidcIssuedTokens = pgTable(
  'oidc_issued_tokens',
  {
    jti: text('jti').primaryKey(),
    tenantId: uuid('tenant_id').notNull(),
    systemId: uuid('system_id').notNull(),
    clientId: text('client_id').notNull(),
    /** The person (null for the client-credentials grant). */
    accountId: uuid('account_id'),
    grantId: text('grant_id'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('oidc_issued_tokens_grant_idx').on(t.grantId), index('oidc_issued_tokens_expires_idx').on(t.expiresAt)],
);
