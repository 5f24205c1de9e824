import { randomBytes } from 'node:crypto';
import { tenantDomains } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { parseInput } from '@/lib/validation';
import { domainView } from './domain-view';
import { addDomainSchema, type AddDomainInput, type DomainView } from './schemas';

/**
 * Claim a domain for the tenant: it starts unverified, with a random token the tenant publishes as a DNS TXT record
 * (`verificationRecord`). Needs `tenant.update`. The name is checked (400 naming `domain`; public mail services
 * refused); the same domain twice in one tenant is 409. Audited `domain.added`.
 */
export async function addDomain(ctx: TenantContext, input: AddDomainInput): Promise<DomainView> {
  requirePermission(ctx, 'tenant.update');
  const { domain } = parseInput(addDomainSchema, input);
  const [row] = await uniqueOr409(
    ctx.db
      .insert(tenantDomains)
      .values({ tenantId: ctx.tenant.id, domain, verificationToken: randomBytes(24).toString('base64url') })
      .returning(),
    'This tenant has already added this domain.',
  );
  await recordAudit(ctx, { action: 'domain.added', targetType: 'domain', targetId: row.id, after: { domain } });
  return domainView(row);
}
