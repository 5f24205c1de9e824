import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { callStatementFunction, type StatementFunction } from '@/db/statement-functions';
import { memberAccessOfRows, memberAccessQuery, type MemberAccess, type MemberAccessRow } from '@/lib/access/member-access';
import { passwordAgeOf, passwordAgeQuery, type PasswordAge, type PasswordAgeRow } from '@/lib/auth/password-expiry';
import {
  liveSessionFactsQuery,
  liveSessionOfRow,
  type LiveSessionFactsRow,
  type LiveSessionRow,
  type PresentedSession,
} from '@/lib/auth/session';
import {
  ssoRequiredFactsOfSessionQuery,
  ssoRequiredFactsOfSessionRow,
  type SsoRequiredFacts,
  type SsoRequiredFactsOfSessionRow,
} from '@/lib/sso/domains/sso-required';
import type { Actor } from '@/lib/context';

export type SessionFacts = {
  /** The session's row; null when it is not live (revoked, expired, another person's, or the account deactivated). */
  session: LiveSessionRow | null;
  /** The person's access in this tenant (suspended members included); null when not a member. */
  member: MemberAccess | null;
  passwordAge: PasswordAge;
  ssoRequired: (actor: Extract<Actor, { type: 'user' }>) => SsoRequiredFacts;
};

/**
 * Everything a tenant request by a session needs before its work, in ONE statement inside the tenant's transaction,
 * as custos_app (sent right behind the tenant setup: one round trip, two statements): the session's row
 * (live_session_facts, an owner function that hands out exactly that session's facts), the person's access in the
 * tenant, their password age and the tenant's "SSO required" facts. Each part is the query its own module keeps
 * (member-access.ts, password-expiry.ts, sso-required.ts, session.ts), carried here as a JSON column so the one
 * statement returns one row; row-level security and the runtime role's grants apply to all of them.
 */
export function sessionFactsQuery(tenantId: string, userId: string, sessionId: string): SQL {
  return sql`
      select (select row_to_json(f) from (${liveSessionFactsQuery(sessionId, userId)}) f) as session,
             (select json_agg(a) from (${memberAccessQuery(tenantId, userId, { includeSuspended: true })}) a) as access,
             (select row_to_json(p) from (${passwordAgeQuery(userId)}) p) as password,
             (select row_to_json(x) from (${ssoRequiredFactsOfSessionQuery(tenantId, { sessionId })}) x) as sso`;
}

/**
 * sessionFactsQuery as the database function session_facts (db/statement-functions.ts: planned once per connection,
 * also behind PgBouncer in transaction mode, where nothing is prepared; drizzle/0045).
 */
export const SESSION_FACTS: StatementFunction = {
  name: 'session_facts',
  args: [
    { name: 'p_tenant_id', type: 'uuid' },
    { name: 'p_user_id', type: 'uuid' },
    { name: 'p_session_id', type: 'uuid' },
  ],
  columns: [
    { name: 'session', type: 'json' },
    { name: 'access', type: 'json' },
    { name: 'password', type: 'json' },
    { name: 'sso', type: 'json' },
  ],
  query: sessionFactsQuery,
};

/** The facts of SESSION_FACTS for `presented` in the tenant of `tx` (its setup sent just before). */
export async function loadSessionFacts(tx: Tx, tenantId: string, presented: PresentedSession): Promise<SessionFacts> {
  const [row] = rowsOf<{
    session: LiveSessionFactsRow | null;
    access: MemberAccessRow[] | null;
    password: PasswordAgeRow | null;
    sso: SsoRequiredFactsOfSessionRow | null;
  }>(await tx.execute(callStatementFunction(SESSION_FACTS, tenantId, presented.userId, presented.sessionId)));
  return {
    session: liveSessionOfRow(row?.session),
    member: memberAccessOfRows(row?.access ?? []),
    passwordAge: passwordAgeOf(row?.password),
    ssoRequired: ssoRequiredFactsOfSessionRow(row?.sso),
  };
}
