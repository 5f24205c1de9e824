import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import * as samlify from 'samlify';
import { SignedXml } from 'xml-crypto';

/**
 * A test SAML 2.0 identity provider on a local port: its own RSA key and X.509 certificate made by openssl for this
 * run, its metadata written by samlify (IdP mode, an independent SAML implementation), and SAML Responses whose
 * assertions it signs with xml-crypto (RSA-SHA256, exclusive C14N, enveloped), the way Entra ID and Okta sign theirs.
 *
 * - `GET /metadata`: the IdP's metadata (for connections made from a metadata URL).
 * - `GET /sso?SAMLRequest=…&RelayState=…`: the HTTP-Redirect binding. The AuthnRequest is inflated and read (its ID
 *   becomes InResponseTo, its ACS URL the Destination), and a small sign-in page answers: "Sign in as …" posts the
 *   signed response to the ACS with the RelayState (the HTTP-POST binding, as a real IdP's page does).
 * - `buildResponse(options)`: a base64 SAMLResponse for integration tests, every part switchable (unsigned, expired,
 *   another audience, an AuthnContext, a change made after signing).
 */
export const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const NAMEID_PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
export const AC_PASSWORD = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
export const AC_MFA_REFEDS = 'https://refeds.org/profile/mfa';

export type SamlTestUser = {
  nameId: string;
  nameIdFormat?: string;
  email?: string;
  name?: string;
  groups?: string[];
  /** AuthnContextClassRef of the AuthnStatement (default PasswordProtectedTransport). */
  authnContext?: string;
  /** More attributes, by name. */
  attributes?: Record<string, string | string[]>;
};

export type ResponseOptions = {
  user: SamlTestUser;
  acsUrl: string;
  audience: string;
  inResponseTo?: string | null;
  /** What the assertion's signature covers: the assertion (default), nothing, or only the outer Response. */
  sign?: 'assertion' | 'none' | 'response-only';
  issuer?: string;
  assertionId?: string;
  /** When the IdP says it made the assertion (default now); NotOnOrAfter is five minutes later. */
  issuedAt?: Date;
  validForMs?: number;
  /** A change to the XML after it was signed (tests of tampering). */
  afterSigning?: (xml: string) => string;
};

export type TestSamlIdp = {
  entityId: string;
  baseUrl: string;
  ssoUrl: string;
  metadataUrl: string;
  certificatePem: string;
  metadataXml: string;
  /** Who the sign-in page signs in next (the browser test sets it). */
  user: SamlTestUser;
  /** The AuthnRequests received at /sso, newest last. */
  requests: { id: string; acsUrl: string; issuer: string; relayState: string | null }[];
  /** The last response the sign-in page handed out (base64), for a replay. */
  lastResponse: { samlResponse: string; relayState: string | null; acsUrl: string } | null;
  buildResponse(options: ResponseOptions): string;
  close(): Promise<void>;
};

const esc = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function makeKeyPair(): { privateKeyPem: string; certificatePem: string } {
  // One openssl call: a fresh RSA key (printed first) and a self-signed certificate for it.
  const out = execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '-', '-subj', '/CN=custos-test-saml-idp', '-days', '2'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const privateKeyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(out)?.[0];
  const certificatePem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(out)?.[0];
  if (!privateKeyPem || !certificatePem) throw new Error('openssl did not print a key and a certificate');
  return { privateKeyPem: `${privateKeyPem}\n`, certificatePem: `${certificatePem}\n` };
}

function attributeXml(name: string, values: string[]): string {
  const items = values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${esc(v)}</saml:AttributeValue>`).join('');
  return `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">${items}</saml:Attribute>`;
}

function sign(xml: string, privateKeyPem: string, certificatePem: string, element: 'Assertion' | 'Response'): string {
  const signer = new SignedXml({
    privateKey: privateKeyPem,
    publicCert: certificatePem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  const path = element === 'Assertion' ? "//*[local-name(.)='Assertion']" : "/*[local-name(.)='Response']";
  signer.addReference({
    xpath: path,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  // The signature follows the element's own Issuer, where the SAML schema puts it.
  signer.computeSignature(xml, { location: { reference: `${path}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}

export function buildSamlResponse(
  keys: { privateKeyPem: string; certificatePem: string },
  entityId: string,
  options: ResponseOptions,
): string {
  const issued = options.issuedAt ?? new Date();
  const until = new Date(issued.getTime() + (options.validForMs ?? 5 * 60_000));
  const notBefore = new Date(issued.getTime() - 30_000);
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const issuer = options.issuer ?? entityId;
  const assertionId = options.assertionId ?? `_a${randomUUID().replace(/-/g, '')}`;
  const responseId = `_r${randomUUID().replace(/-/g, '')}`;
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${esc(options.inResponseTo)}"` : '';
  const user = options.user;
  const attributes: [string, string[]][] = [];
  if (user.email) attributes.push(['email', [user.email]]);
  if (user.name) attributes.push(['displayName', [user.name]]);
  if (user.groups?.length) attributes.push(['groups', user.groups]);
  for (const [name, value] of Object.entries(user.attributes ?? {})) attributes.push([name, Array.isArray(value) ? value : [value]]);

  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${assertionId}" Version="2.0" IssueInstant="${iso(issued)}">` +
    `<saml:Issuer>${esc(issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${esc(user.nameIdFormat ?? NAMEID_EMAIL)}">${esc(user.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(until)}" Recipient="${esc(options.acsUrl)}"${inResponseTo}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(until)}"><saml:AudienceRestriction><saml:Audience>${esc(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(issued)}" SessionIndex="_s${randomUUID().slice(0, 8)}"><saml:AuthnContext><saml:AuthnContextClassRef>${esc(user.authnContext ?? AC_PASSWORD)}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes.length
      ? `<saml:AttributeStatement>${attributes.map(([n, v]) => attributeXml(n, v)).join('')}</saml:AttributeStatement>`
      : '') +
    `</saml:Assertion>`;

  const mode = options.sign ?? 'assertion';
  const signedAssertion = mode === 'assertion' ? sign(assertion, keys.privateKeyPem, keys.certificatePem, 'Assertion') : assertion;
  let response =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${iso(issued)}" Destination="${esc(options.acsUrl)}"${inResponseTo}>` +
    `<saml:Issuer>${esc(issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    signedAssertion +
    `</samlp:Response>`;
  if (mode === 'response-only') response = sign(response, keys.privateKeyPem, keys.certificatePem, 'Response');
  if (options.afterSigning) response = options.afterSigning(response);
  return Buffer.from(response, 'utf8').toString('base64');
}

/** The ID, ACS URL and Issuer of a deflated, base64 AuthnRequest (HTTP-Redirect binding). */
export function readAuthnRequest(samlRequest: string): { id: string; acsUrl: string; issuer: string } {
  const xml = inflateRawSync(Buffer.from(samlRequest, 'base64')).toString('utf8');
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'AuthnRequest') throw new Error('not an AuthnRequest');
  const issuer = root.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0]?.textContent ?? '';
  return { id: root.getAttribute('ID') ?? '', acsUrl: root.getAttribute('AssertionConsumerServiceURL') ?? '', issuer };
}

function page(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test identity provider</title></head><body><main>${body}</main></body></html>`,
  );
}

export async function startSamlIdp(options: { user?: SamlTestUser } = {}): Promise<TestSamlIdp> {
  const keys = makeKeyPair();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityId = `${baseUrl}/metadata`;
  const ssoUrl = `${baseUrl}/sso`;

  // samlify validates XML only when it parses a message; writing metadata needs no validator, but it insists on one.
  samlify.setSchemaValidator({ validate: () => Promise.resolve('not used: this IdP only writes metadata with samlify') });
  const metadataXml = samlify
    .IdentityProvider({
      entityID: entityId,
      signingCert: keys.certificatePem,
      nameIDFormat: [NAMEID_EMAIL, NAMEID_PERSISTENT],
      singleSignOnService: [
        { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: ssoUrl },
        { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: ssoUrl },
      ],
      singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `${baseUrl}/slo` }],
    })
    .getMetadata();

  const idp: TestSamlIdp = {
    entityId,
    baseUrl,
    ssoUrl,
    metadataUrl: `${baseUrl}/metadata`,
    certificatePem: keys.certificatePem,
    metadataXml,
    user: options.user ?? { nameId: 'someone@example.test', email: 'someone@example.test' },
    requests: [],
    lastResponse: null,
    buildResponse: (o) => buildSamlResponse(keys, entityId, o),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl);
    if (req.method === 'GET' && url.pathname === '/metadata') {
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
      res.end(metadataXml);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/sso') {
      let request: { id: string; acsUrl: string; issuer: string };
      try {
        request = readAuthnRequest(url.searchParams.get('SAMLRequest') ?? '');
      } catch {
        page(res, 400, '<h1>Not a SAML AuthnRequest</h1>');
        return;
      }
      const relayState = url.searchParams.get('RelayState');
      idp.requests.push({ ...request, relayState });
      const samlResponse = idp.buildResponse({
        user: idp.user,
        acsUrl: request.acsUrl,
        audience: request.issuer,
        inResponseTo: request.id,
      });
      idp.lastResponse = { samlResponse, relayState, acsUrl: request.acsUrl };
      page(
        res,
        200,
        `<h1>Test identity provider</h1><p>Signing in to ${esc(request.issuer)}</p>` +
          `<form method="post" action="${esc(request.acsUrl)}">` +
          `<input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}">` +
          (relayState !== null ? `<input type="hidden" name="RelayState" value="${esc(relayState)}">` : '') +
          `<button type="submit">Sign in as ${esc(idp.user.email ?? idp.user.nameId)}</button></form>`,
      );
      return;
    }
    if (req.method === 'GET' && url.pathname === '/replay') {
      // The last response again, posted by a second visit: what an attacker holding a copy of it would send.
      const last = idp.lastResponse;
      if (!last) {
        page(res, 404, '<h1>No response handed out yet</h1>');
        return;
      }
      page(
        res,
        200,
        `<h1>Replay</h1><form method="post" action="${esc(last.acsUrl)}">` +
          `<input type="hidden" name="SAMLResponse" value="${esc(last.samlResponse)}">` +
          (last.relayState !== null ? `<input type="hidden" name="RelayState" value="${esc(last.relayState)}">` : '') +
          `<button type="submit">Send the same response again</button></form>`,
      );
      return;
    }
    res.writeHead(404).end();
  });
  return idp;
}
