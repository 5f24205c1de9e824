import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity';
import { tenants } from './tenancy';

/**
 * Enterprise sign-in and provisioning (issue 18): each tenant's own identity providers (OIDC or SAML 2.0), the
 * domains it has proven, and the SCIM tokens its directory provisions with. All tenant-scoped under row-level
 * security (drizzle/…_sso_rls.sql).
 */

/** What an OIDC connection needs besides its sealed client secret. */
export type OidcConnectionConfig = {
  issuer: string;
  clientId: string;
  /** Extra scopes beyond `openid email profile` (e.g. `groups`). */
  scopes?: string[];
  /** The claim that carries group names or ids (default `groups`). */
  groupsClaim?: string;
};

/** What a SAML connection needs: the IdP's entity id, its sign-in URL and signing certificates (from its metadata). */
export type SamlConnectionConfig = {
  idpEntityId: string;
  idpSsoUrl: string;
  /** PEM or base64 DER, one per signing key the IdP publishes. */
  idpCertificates: string[];
  /** Where the metadata came from, when it was a URL (re-read on demand). */
  metadataUrl?: string;
  /** The attribute that carries group names (default `groups`). */
  groupsAttribute?: string;
};

/** An IdP group mapped onto a team: a member in that group is put in the team at each SSO sign-in. */
export type SsoGroupTeamMapping = { group: string; teamId: string };

export const ssoConnections = pgTable(
  'sso_connections',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type', { enum: ['oidc', 'saml'] }).notNull(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** OidcConnectionConfig or SamlConnectionConfig, by `type`. Never a secret. */
    config: jsonb('config').$type<OidcConnectionConfig | SamlConnectionConfig>().notNull(),
    /** OIDC client secret, sealed with AES-256-GCM (lib/auth/mfa/secret-box.ts); null for SAML. */
    secretCiphertext: text('secret_ciphertext'),
    /** Roles a person provisioned just in time through this connection starts with. */
    defaultRoleIds: uuid('default_role_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    groupTeamMappings: jsonb('group_team_mappings').$type<SsoGroupTeamMapping[]>().notNull().default([]),
    /** Create account and membership at a first sign-in (off: only existing members may sign in). */
    jitProvisioning: boolean('jit_provisioning').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sso_connections_tenant_name_key').on(t.tenantId, t.name), index('sso_connections_tenant_idx').on(t.tenantId)],
);

/** Who a connection's subject (OIDC `sub`, SAML NameID) is in Custos. Never re-pointed to another person. */
export const ssoIdentities = pgTable(
  'sso_identities',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => ssoConnections.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.subject] }), index('sso_identities_user_idx').on(t.userId)],
);

/** SAML assertion ids already accepted, kept until the assertion would have expired anyway: a replay is refused. */
export const samlAssertionIds = pgTable(
  'saml_assertion_ids',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => ssoConnections.id, { onDelete: 'cascade' }),
    assertionId: text('assertion_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.assertionId] }), index('saml_assertion_ids_expires_idx').on(t.expiresAt)],
);

/**
 * A domain a tenant claims. Verified by a DNS TXT record `custos-domain-verification=<token>` on the domain, or by a
 * platform admin (air-gapped sites). A domain is verified for one tenant at most.
 */
export const tenantDomains = pgTable(
  'tenant_domains',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    /** Lowercase, no trailing dot. */
    domain: text('domain').notNull(),
    verificationToken: text('verification_token').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verifiedMethod: text('verified_method', { enum: ['dns', 'platform'] }),
    verifiedBy: uuid('verified_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tenant_domains_tenant_domain_key').on(t.tenantId, t.domain),
    uniqueIndex('tenant_domains_verified_domain_key')
      .on(t.domain)
      .where(sql`${t.verifiedAt} is not null`),
  ],
);

/** SCIM bearer tokens: only the SHA-256 of the token is stored; `prefix` identifies it in lists and the trail. */
export const scimTokens = pgTable(
  'scim_tokens',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('scim_tokens_hash_key').on(t.tokenHash), index('scim_tokens_tenant_idx').on(t.tenantId)],
);
