import type { SamlConnectionConfig } from '@/db/schema/sso';
import { validationFailed } from '@/lib/errors';
import { env } from '@/lib/platform/env';
import { fetchMetadata } from './fetch-metadata';
import { parseIdpMetadata } from './parse-idp-metadata';

/** What the settings form or API gives for a SAML connection: the IdP's metadata as XML or as a URL. */
export type SamlConnectionInput = {
  metadataXml?: string | null;
  metadataUrl?: string | null;
  groupsAttribute?: string | null;
};

/**
 * The stored configuration of a SAML connection. Besides SamlConnectionConfig it records the binding of the IdP's
 * sign-in URL (always HTTP-Redirect for now: AuthnRequests go by redirect; the console's CSP, form-action 'self',
 * would stop an auto-posted form to the IdP).
 */
export type StoredSamlConfig = SamlConnectionConfig & { idpSsoBinding?: 'HTTP-Redirect' };

export const METADATA_XML_MAX_CHARS = 1024 * 1024;

/**
 * Checks a SAML connection's fields and turns them into its stored configuration: the IdP metadata (pasted, or read
 * from its URL) is parsed for the entity id, sign-in URL and signing certificates. Throws a 400 naming the field
 * (`metadataXml`, `metadataUrl` or `groupsAttribute`) when it cannot be used. SAML has no secret of its own.
 */
export async function prepareSamlConnection(
  input: SamlConnectionInput,
  options: { allowHttp?: boolean; allowPrivate?: boolean } = {},
): Promise<{ config: StoredSamlConfig; secretCiphertext: null }> {
  const allowHttp = options.allowHttp ?? env().SSO_ALLOW_HTTP === '1';
  const metadataXml = input.metadataXml?.trim() || undefined;
  const metadataUrl = input.metadataUrl?.trim() || undefined;
  const groupsAttribute = input.groupsAttribute?.trim() || undefined;

  if (!metadataXml && !metadataUrl) {
    throw validationFailed([{ path: 'metadataXml', message: "Paste the identity provider's metadata XML, or give its metadata URL." }]);
  }
  if (metadataXml && metadataUrl) {
    throw validationFailed([{ path: 'metadataUrl', message: 'Give the metadata XML or its URL, not both.' }]);
  }
  if (groupsAttribute !== undefined && groupsAttribute.length > 500) {
    throw validationFailed([{ path: 'groupsAttribute', message: 'The groups attribute name is at most 500 characters.' }]);
  }

  let xml: string;
  const field = metadataUrl ? 'metadataUrl' : 'metadataXml';
  if (metadataUrl) {
    const fetched = await fetchMetadata(metadataUrl, allowHttp, { allowPrivate: options.allowPrivate });
    if ('problem' in fetched) throw validationFailed([{ path: field, message: fetched.problem }]);
    xml = fetched.xml;
  } else {
    xml = metadataXml as string;
    if (xml.length > METADATA_XML_MAX_CHARS) {
      throw validationFailed([{ path: field, message: `The metadata is longer than ${METADATA_XML_MAX_CHARS} characters.` }]);
    }
  }

  const parsed = parseIdpMetadata(xml);
  if ('problem' in parsed) throw validationFailed([{ path: field, message: parsed.problem }]);
  if (!allowHttp && new URL(parsed.ssoUrl).protocol !== 'https:') {
    throw validationFailed([
      { path: field, message: "The identity provider's sign-in URL must use https:// (http:// is allowed only when SSO_ALLOW_HTTP=1)." },
    ]);
  }

  const config: StoredSamlConfig = {
    idpEntityId: parsed.entityId,
    idpSsoUrl: parsed.ssoUrl,
    idpSsoBinding: parsed.ssoBinding,
    idpCertificates: parsed.certificates,
    ...(metadataUrl ? { metadataUrl } : {}),
    ...(groupsAttribute ? { groupsAttribute } : {}),
  };
  return { config, secretCiphertext: null };
}
