import { SAML, ValidateInResponseTo, type CacheProvider } from '@node-saml/node-saml';
import type { SamlConnectionConfig } from '@/db/schema/sso';
import { samlAcsUrl, samlSpEntityId } from '@/lib/sso/urls';

/**
 * Custos as a SAML 2.0 service provider, one per connection: entity id `${APP_URL}/sso/{tenant}/{connection}/saml/metadata`
 * (also where its metadata is served), assertion consumer service `${APP_URL}/sso/{tenant}/{connection}/saml/acs`.
 * Answers must carry a signed assertion (the whole response may be signed too, it need not be), for this SP as its
 * audience, within a minute of clock skew, from the IdP's entity id, signed by one of the IdP's certificates.
 */
export const SAML_CLOCK_SKEW_MS = 60_000;

export type SamlSpConnection = { id: string; tenant: { slug: string }; config: SamlConnectionConfig };

export function samlServiceProviderUrls(
  tenantSlug: string,
  connectionId: string,
): { entityId: string; acsUrl: string; metadataUrl: string } {
  const entityId = samlSpEntityId(tenantSlug, connectionId);
  return { entityId, acsUrl: samlAcsUrl(tenantSlug, connectionId), metadataUrl: entityId };
}

/** A certificate as PEM, whether it was stored as PEM or as bare base64 DER. */
export function certificatePem(certificate: string): string {
  if (certificate.includes('-----BEGIN')) return certificate;
  const body =
    certificate
      .replace(/\s+/g, '')
      .match(/.{1,64}/g)
      ?.join('\n') ?? '';
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** A cache that knows only the request id this browser's sign-in started with (from its sealed cookie). */
export function singleRequestCache(requestId: string | null, issuedAt: number): CacheProvider {
  let remembered = requestId;
  return {
    saveAsync: (key, value) => {
      remembered = key;
      return Promise.resolve({ value, createdAt: issuedAt });
    },
    getAsync: (key) => Promise.resolve(remembered !== null && key === remembered ? new Date(issuedAt).toISOString() : null),
    removeAsync: (key) => {
      if (key !== null && key === remembered) remembered = null;
      return Promise.resolve(key);
    },
  };
}

export function samlServiceProvider(connection: SamlSpConnection, cache: CacheProvider): SAML {
  const { entityId, acsUrl } = samlServiceProviderUrls(connection.tenant.slug, connection.id);
  return new SAML({
    issuer: entityId,
    callbackUrl: acsUrl,
    audience: entityId,
    entryPoint: connection.config.idpSsoUrl,
    idpCert: connection.config.idpCertificates.map(certificatePem),
    idpIssuer: connection.config.idpEntityId,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    // Ask for no particular NameID format or AuthnContext: the IdP's own policy (including its MFA) decides.
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: 10 * 60_000,
    cacheProvider: cache,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
  });
}

/** The SP metadata XML the IdP's administrator imports (entity id, ACS with the HTTP-POST binding, signed assertions wanted). */
export function samlServiceProviderMetadata(connection: SamlSpConnection): string {
  return samlServiceProvider(connection, singleRequestCache(null, 0)).generateServiceProviderMetadata(null, null);
}
