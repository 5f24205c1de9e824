import { z } from 'zod';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';
import { domainProblem, normalizeDomain } from './policy';

/** Schemas of verified domains and SSO discovery: used by the routes, the console forms and OpenAPI. */

const EXAMPLE_DOMAIN_ID = '3c1f9a52-6d0e-4f0b-9a51-2f7e8d4c6b10';
const EXAMPLE_TOKEN = 'Qm3x9Tz0bW7kYc2NfR5uLp8aHs4dVj6e';

/** A domain name as typed: trimmed, lowercased, no trailing dot; refused with the reason (policy.ts domainProblem). */
export const domainNameSchema = z
  .string({ message: 'Enter a domain, such as example.com.' })
  .max(300, 'At most 253 characters.')
  .transform(normalizeDomain)
  .superRefine((domain, ctx) => {
    const problem = domainProblem(domain);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const addDomainSchema = z.strictObject({ domain: domainNameSchema }).meta({ examples: [{ domain: 'acme-pharma.example' }] });
export type AddDomainInput = z.input<typeof addDomainSchema>;

export const domainParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: z.uuid('Not a valid id.') });

export const verificationRecordSchema = z
  .object({
    type: z.literal('TXT'),
    /** Where to publish it: `_custos-challenge.<domain>`. */
    name: z.string(),
    /** `custos-domain-verification=<token>`. */
    value: z.string(),
  })
  .meta({ id: 'DomainVerificationRecord' });

const exampleDomain = {
  id: EXAMPLE_DOMAIN_ID,
  domain: 'acme-pharma.example',
  verified: true,
  verifiedAt: EXAMPLE_TIMES.updated,
  verifiedMethod: 'dns' as const,
  verificationRecord: {
    type: 'TXT' as const,
    name: '_custos-challenge.acme-pharma.example',
    value: `custos-domain-verification=${EXAMPLE_TOKEN}`,
  },
  createdAt: EXAMPLE_TIMES.created,
};

export const domainSchema = z
  .object({
    id: z.uuid(),
    domain: z.string(),
    verified: z.boolean(),
    verifiedAt: outputDateTime().nullable(),
    /** `dns` (the TXT record was found) or `platform` (a platform administrator verified it); null while unverified. */
    verifiedMethod: z.enum(['dns', 'platform']).nullable(),
    verificationRecord: verificationRecordSchema,
    createdAt: outputDateTime(),
  })
  .meta({ id: 'TenantDomain', examples: [exampleDomain] });
export type DomainView = z.infer<typeof domainSchema>;

export const domainListSchema = z
  .object({
    data: z.array(domainSchema),
    /** Whether the tenant's settings turn "SSO required" on. */
    ssoRequired: z.boolean(),
    /** Why "SSO required" cannot be turned on now (no verified domain, no enabled connection), or null. */
    ssoRequiredProblem: z.string().nullable(),
  })
  .meta({ id: 'TenantDomainList', examples: [{ data: [exampleDomain], ssoRequired: false, ssoRequiredProblem: null }] });
export type DomainList = z.infer<typeof domainListSchema>;

export const ssoDiscoverySchema = z
  .strictObject({
    email: z
      .string({ message: 'Enter your email address.' })
      .trim()
      .max(320, 'At most 320 characters.')
      .pipe(z.email('Enter a valid email address, like name@company.com.')),
  })
  .meta({ examples: [{ email: 'dana.whitfield@acme-pharma.example' }] });

export const ssoDiscoveryResultSchema = z
  .object({
    /** Where to sign in when the email's domain belongs to a tenant's enabled connection; null: sign in here as usual. */
    sso: z.object({ url: z.string() }).nullable(),
  })
  .meta({
    id: 'SsoDiscovery',
    examples: [
      {
        sso: {
          url: `https://custos.example/sso/acme-pharma/${EXAMPLE_IDS.tenant}/start?login_hint=dana.whitfield%40acme-pharma.example`,
        },
      },
      { sso: null },
    ],
  });
export type SsoDiscovery = z.infer<typeof ssoDiscoveryResultSchema>;
