import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';

/**
 * Reads a SAML 2.0 identity provider's metadata (an EntityDescriptor, or the first IdP in an EntitiesDescriptor):
 * its entity id, where people sign in (the HTTP-Redirect binding; an IdP offering only HTTP-POST is refused) and the
 * certificates it signs with.
 * A real XML parser and namespace-aware XPath, never regular expressions.
 */
const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

const select = xpath.useNamespaces({ md: MD, ds: DS });

export type IdpMetadata = {
  entityId: string;
  ssoUrl: string;
  ssoBinding: 'HTTP-Redirect';
  /** Base64 DER, whitespace removed, one per distinct signing certificate. */
  certificates: string[];
};

export type MetadataProblem = { problem: string };

function parseXml(xml: string): Document | null {
  let failed = false;
  const parser = new DOMParser({
    errorHandler: (level: string) => {
      if (level !== 'warning') failed = true;
    },
  });
  try {
    const doc = parser.parseFromString(xml, 'text/xml');
    if (failed || !doc || !doc.documentElement) return null;
    return doc;
  } catch {
    return null;
  }
}

function elements(expression: string, node: Node): Element[] {
  const found = select(expression, node);
  return Array.isArray(found) ? (found.filter((n) => n.nodeType === 1) as unknown as Element[]) : [];
}

/** True when the base64 text is a certificate Node can read (an X.509 in DER). */
function readableCertificate(base64: string): boolean {
  try {
    new X509Certificate(Buffer.from(base64, 'base64'));
    return true;
  } catch {
    return false;
  }
}

export function parseIdpMetadata(xml: string): IdpMetadata | MetadataProblem {
  if (xml.trim() === '') return { problem: 'The metadata is empty. Paste the XML your identity provider publishes for this app.' };
  // A document type declaration has no place in metadata and is how entity-expansion attacks begin.
  if (/<!DOCTYPE/i.test(xml)) return { problem: 'The metadata must not contain a document type declaration (<!DOCTYPE>).' };
  const doc = parseXml(xml);
  if (!doc) return { problem: 'The metadata is not well-formed XML.' };

  const root = doc.documentElement;
  if (root.namespaceURI !== MD || (root.localName !== 'EntityDescriptor' && root.localName !== 'EntitiesDescriptor')) {
    return { problem: 'This is not SAML metadata: it must be an EntityDescriptor (urn:oasis:names:tc:SAML:2.0:metadata).' };
  }
  const entity = (root.localName === 'EntityDescriptor' ? [root] : elements('.//md:EntityDescriptor[md:IDPSSODescriptor]', root)).find(
    (e) => elements('md:IDPSSODescriptor', e).length > 0,
  );
  if (!entity) {
    return { problem: 'The metadata describes no identity provider (no IDPSSODescriptor). Use the metadata of the IdP, not of an app.' };
  }
  const entityId = (entity.getAttribute('entityID') ?? '').trim();
  if (!entityId) return { problem: 'The identity provider in the metadata has no entityID.' };

  const idp = elements('md:IDPSSODescriptor', entity).find((d) =>
    (d.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(PROTOCOL),
  );
  if (!idp) return { problem: 'The identity provider does not support the SAML 2.0 protocol (protocolSupportEnumeration).' };

  const services = elements('md:SingleSignOnService', idp);
  const redirect = services.find((s) => s.getAttribute('Binding') === BINDING_REDIRECT && s.getAttribute('Location'));
  const post = services.find((s) => s.getAttribute('Binding') === BINDING_POST && s.getAttribute('Location'));
  if (!redirect && post) {
    return {
      problem:
        'The identity provider offers sign-in only by HTTP-POST; Custos sends sign-in requests by HTTP-Redirect. Turn on the HTTP-Redirect binding at the identity provider and export its metadata again.',
    };
  }
  const service = redirect;
  if (!service) {
    return { problem: 'The identity provider has no sign-in URL (SingleSignOnService with the HTTP-Redirect or HTTP-POST binding).' };
  }
  const ssoUrl = (service.getAttribute('Location') ?? '').trim();
  try {
    const url = new URL(ssoUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    return { problem: `The identity provider's sign-in URL is not a web address: ${ssoUrl.slice(0, 200)}` };
  }

  const keyDescriptors = elements('md:KeyDescriptor', idp).filter((k) => {
    const use = k.getAttribute('use');
    return use === null || use === '' || use === 'signing';
  });
  const certificates: string[] = [];
  for (const key of keyDescriptors) {
    for (const cert of elements('ds:KeyInfo/ds:X509Data/ds:X509Certificate', key)) {
      const base64 = (cert.textContent ?? '').replace(/\s+/g, '');
      if (!base64 || certificates.includes(base64)) continue;
      if (!readableCertificate(base64)) return { problem: 'A signing certificate in the metadata is not a readable X.509 certificate.' };
      certificates.push(base64);
    }
  }
  if (certificates.length === 0) {
    return {
      problem:
        'The identity provider publishes no signing certificate (KeyDescriptor with an X509Certificate), so its answers could not be checked.',
    };
  }
  return { entityId, ssoUrl, ssoBinding: 'HTTP-Redirect', certificates };
}
