import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { invitations, roles, tenants, users } from '@/db/schema';
import { hashToken } from '@/lib/auth/one-time-token';
import { DatabaseUnavailableError, DomainError, isConnectionError } from '@/lib/errors';
import { sendingWebhooksAfterCommit } from '@/lib/tenancy/with-tenant';
import { effectiveStatus, type InvitationRow } from './invitation-view';
import type { InvitationStatus, PublicInvitation } from './schemas';

/**
 * Run `fn` in a transaction that can see the one invitation whose token hash is named in
 * `app.invitation_token_hash` (drizzle/0010) — the invitee's link is followed before its tenant is known —
 * and, once `enterTenant` is called, that tenant's rows. `asOwner` keeps the owner role (accepting creates
 * accounts, which the runtime role may not); otherwise the transaction becomes `custos_app`.
 */
export async function withInvitationToken<T>(
  token: string,
  fn: (tx: Tx, row: InvitationRow | null, enterTenant: (tenantId: string) => Promise<void>) => Promise<T>,
  options: { asOwner?: boolean; lock?: boolean } = {},
): Promise<T> {
  const db = await getDb();
  const hash = hashToken(token);
  try {
    // Accepting raises member.joined: its webhooks go out once this transaction commits.
    return await sendingWebhooksAfterCommit(() =>
      db.transaction(async (tx) => {
        await tx.execute(
          options.asOwner
            ? sql`select set_config('app.tenant_id', '', true), set_config('app.invitation_token_hash', ${hash}, true)`
            : sql`select set_config('role', 'custos_app', true), set_config('app.tenant_id', '', true), set_config('app.user_id', '', true), set_config('app.invitation_token_hash', ${hash}, true)`,
        );
        const query = tx.select().from(invitations).where(eq(invitations.tokenHash, hash)).limit(1);
        const [row] = options.lock ? await query.for('update') : await query;
        const enterTenant = async (tenantId: string) => {
          await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
        };
        return fn(tx, row ?? null, enterTenant);
      }),
    );
  } catch (error) {
    if (isConnectionError(error)) throw new DatabaseUnavailableError(error);
    throw error;
  }
}

export type InvitationLookup = { status: 'unknown' } | ({ status: InvitationStatus } & PublicInvitation);

/**
 * What the invitee's link shows: the tenant, who invited, the roles, the expiry and whether an account exists
 * for the address, with the invitation's status (`unknown` for a link that matches nothing — also a link
 * replaced by a resend, whose hash is gone).
 */
export async function lookupInvitation(token: string): Promise<InvitationLookup> {
  return withInvitationToken(token, async (tx, row, enterTenant) => {
    if (!row) return { status: 'unknown' as const };
    await enterTenant(row.tenantId);
    const [tenant] = await tx.select({ slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.id, row.tenantId));
    const roleNames = row.roleIds.length
      ? (
          await tx
            .select({ name: roles.name })
            .from(roles)
            .where(and(eq(roles.tenantId, row.tenantId), inArray(roles.id, row.roleIds)))
        )
          .map((r) => r.name)
          .sort()
      : [];
    const [account] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.email})`, row.email))
      .limit(1);
    return {
      status: effectiveStatus(row),
      tenant: { slug: tenant.slug, name: tenant.name },
      email: row.email,
      roles: roleNames,
      invitedBy: row.invitedByName,
      expiresAt: row.expiresAt.toISOString(),
      accountExists: Boolean(account),
    };
  });
}

/** The API's answer for an invitation that cannot be accepted: 404 unknown, 409 used, 410 expired or revoked. */
export function unusable(lookup: { status: InvitationStatus | 'unknown' } & Partial<PublicInvitation>): DomainError {
  const who =
    lookup.invitedBy && lookup.tenant ? ` Ask ${lookup.invitedBy} or another admin of ${lookup.tenant.name} for a new invitation.` : '';
  switch (lookup.status) {
    case 'accepted':
      return new DomainError('invitation_used', 409, 'This invitation was already accepted. Sign in to reach the tenant.');
    case 'expired':
      return new DomainError('invitation_expired', 410, `This invitation has expired.${who}`);
    case 'revoked':
      return new DomainError('invitation_expired', 410, `This invitation was revoked.${who}`);
    default:
      return new DomainError(
        'not_found',
        404,
        'This invitation link is not valid. It may have been replaced by a newer one: check your latest invitation mail.',
      );
  }
}
