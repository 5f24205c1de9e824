/**
 * A SAML identity provider's metadata for tests that only need a connection to exist (sweeps, matrices): a real
 * self-signed X.509 certificate (CN=custos-sweep-idp, valid for 100 years, its private key thrown away), so
 * lib/sso/saml/prepare-connection.ts accepts it. Tests that sign in through an IdP make their own keys.
 */
export const SWEEP_IDP_CERTIFICATE =
  'MIIDGTCCAgGgAwIBAgIUBc5FnDU+RPk6lOw4Unq9pSzZJQkwDQYJKoZIhvcNAQELBQAwGzEZMBcGA1UEAwwQY3VzdG9zLXN3ZWVwLWlkcDAgFw0yNjEyMDYwOTQ4MjVaGA8yMTI2MTExMjA5NDgyNVowGzEZMBcGA1UEAwwQY3VzdG9zLXN3ZWVwLWlkcDCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAJKsikfIu70WeouDqeDKfUN6+dhk66a7aeIJUgJbfG+n2XHxCQQlVuQ+qk5kbqKOMC23E5GuOfrhWNx4RE4duDLy80GhRuhM4UkYPsVAZVzHmdV/78FLEHG7GptLA0DlwTOcrcsDw+DIHBxbjOr8iDi0zEM7gPQJ1Sgj71HLfLun+whkFpuGrRugyrxK9y5+JgwnYESWtFKihyc51Vps+an7F9TPM61ORuoPJVFrgrgDD/7SEySJPznDgDkCm1fFpQTD25M3ltWCKI/sW7RMRZduhX1dyD7/55tSGT5aCN3j7Vi5gZZWIGLocumjAamhnk7B/oooX9HQpyMzHlA5pZMCAwEAAaNTMFEwHQYDVR0OBBYEFByjcMn8oE3NfCSQcH2incWnrpt2MB8GA1UdIwQYMBaAFByjcMn8oE3NfCSQcH2incWnrpt2MA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAHtRXxgdebnErpnm4T1j62jHhvtd/W0qw1d/Zl3v/LK9AFeK3LbXJlPeC9K+EskmYmUlDBp3YYGl49+eUaM2gBwFVc+26hAe2Zx4qu3wF4eQlQ0OB50Z+soH2IzkQJymYiTxVJyGL14GWZFr2St2aA3ML9zer2iZVVZryLeT54Zk60qH6NDj/xKl1WhjSQdwuK3oTI1ve0Xkv3hxgHbkude0N7w/vjC2u+XBSW/x1daMiTfewsRbFixDkpDXzh8NV66iHT8AHsByfCMOOwvI/p06WpMyh/v5M6Ui7ao5N7yzwHVLzpRu++04lWWb0OZ7g+gUNKW1b7fKi1ux9Gl4Nfk=';

export function samlMetadataXml(entityId = 'https://idp.sweep.example/metadata', certificate = SWEEP_IDP_CERTIFICATE): string {
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.sweep.example/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}
