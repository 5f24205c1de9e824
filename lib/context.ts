import type { Tx } from '@/db/client';

/** Who is acting. Sessions, bearer tokens and API keys all resolve to one of these. */
export type Actor =
  | {
      type: 'user';
      id: string;
      name: string;
      email: string;
      isPlatformAdmin: boolean;
      sessionId?: string;
      /** When the session was last seen before this request (idle timeouts are judged by it). */
      lastSeenAt?: Date;
      /** When the session began (signing in). */
      sessionStartedAt?: Date;
      /** When this session last passed a second-factor check (sign-in or step-up); null: never (lib/auth/step-up.ts). */
      mfaVerifiedAt?: Date | null;
      /** Whether the person has a second factor (a confirmed authenticator app or a passkey). */
      hasSecondFactor?: boolean;
      /** How the session was signed in (sessions.auth_method; null for sessions older than the column). */
      authMethod?: 'password' | 'passkey' | 'oauth' | 'sso' | null;
      /** The tenant SSO connection the session came through (authMethod `sso`). */
      ssoConnectionId?: string | null;
    }
  | { type: 'api_key'; id: string; name: string; userId: string; tenantId: string; scopes: readonly string[] }
  | { type: 'system'; id: string; name: string };

export type RequestMeta = { requestId: string; ip?: string | null; userAgent?: string | null };

export type TenantRef = { id: string; slug: string; name: string; status: 'active' | 'suspended'; planId: string };

/**
 * What every tenant-scoped domain function receives first: the actor, the tenant, the effective
 * permission set, request metadata and `db`, a transaction already confined to the tenant by
 * row-level security. Build it with `withTenantContext` (lib/tenancy/tenant-context.ts).
 */
export type TenantContext = {
  actor: Actor;
  tenant: TenantRef;
  membershipId: string | null;
  /** Catalog permissions (`Permission`) and downstream systems' `<slug>:<resource.action>` keys. */
  permissions: ReadonlySet<string>;
  meta: RequestMeta;
  db: Tx;
  /** The downstream system the call is made for (`X-System-Slug` header), or null/absent for Custos itself. */
  system?: { id: string; slug: string } | null;
};
