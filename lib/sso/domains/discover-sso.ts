import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { ssoStartUrl } from '@/lib/sso/urls';
import { parseInput } from '@/lib/validation';
import { emailDomainOf } from './policy';
import { ssoDiscoverySchema, type SsoDiscovery } from './schemas';

/**
 * The sign-in page's first step: does this email's domain belong to a tenant (verified, active) with an enabled SSO
 * connection? Then `{sso: {url}}`, the connection's start address with the email as `login_hint` (and `returnTo` when
 * given, a path on this site); otherwise `{sso: null}` and the person signs in here. Runs before anyone is known,
 * so it reads across tenants on the owner connection, one query whatever the email. It never says whether an
 * account exists: the answer depends on the domain alone, and an unknown email costs the same query as a known one.
 */
export async function discoverSso(input: unknown, options: { returnTo?: string | null } = {}): Promise<SsoDiscovery> {
  const { email } = parseInput(ssoDiscoverySchema, input);
  const domain = emailDomainOf(email);
  const db = await getDb();
  const [found] = rowsOf<{ slug: string; connection_id: string }>(
    await db.execute(sql`
      select t.slug, c.id as connection_id
        from tenant_domains d
        join tenants t on t.id = d.tenant_id and t.status = 'active'
        join sso_connections c on c.tenant_id = d.tenant_id and c.enabled
       where d.domain = ${domain} and d.verified_at is not null
       order by c.created_at, c.id
       limit 1`),
  );
  if (!found) return { sso: null };
  const query = new URLSearchParams({ login_hint: email.trim() });
  const returnTo = options.returnTo;
  if (returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') && !returnTo.startsWith('/\\')) query.set('returnTo', returnTo);
  return { sso: { url: `${ssoStartUrl(found.slug, found.connection_id)}?${query}` } };
}
