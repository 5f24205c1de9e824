import { openSecret, sealSecret } from '@/lib/auth/mfa/secret-box';

/**
 * What a sign-in keeps between its start and the provider's callback: state, nonce and PKCE verifier, where to go
 * after, and when it expires. Sealed (AES-256-GCM under AUTH_SECRET, bound to the connection) into an httpOnly,
 * SameSite=Lax cookie scoped to `/sso/`, one per connection; ten minutes to finish.
 */
export type OidcFlow = {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
};

export const OIDC_FLOW_TTL_SECONDS = 600;

export function oidcFlowCookieName(connectionId: string, secure: boolean): string {
  return `${secure ? '__Secure-' : ''}custos-oidc-${connectionId}`;
}

function context(connectionId: string): string {
  return `sso/oidc-flow/${connectionId}`;
}

export function sealOidcFlow(connectionId: string, flow: OidcFlow): string {
  return sealSecret(JSON.stringify(flow), context(connectionId));
}

/** The flow, or null when the value was not sealed here for this connection (tampered, another connection's). */
export function openOidcFlow(connectionId: string, sealed: string): OidcFlow | null {
  const plain = openSecret(sealed, context(connectionId));
  if (!plain) return null;
  try {
    const flow = JSON.parse(plain) as Partial<OidcFlow>;
    if (
      typeof flow.state !== 'string' ||
      typeof flow.nonce !== 'string' ||
      typeof flow.codeVerifier !== 'string' ||
      typeof flow.expiresAt !== 'number' ||
      (flow.returnTo !== null && typeof flow.returnTo !== 'string')
    ) {
      return null;
    }
    return flow as OidcFlow;
  } catch {
    return null;
  }
}

/** Over https (the forwarded protocol when a proxy names one): cookies get `Secure` and the `__Secure-` name. */
export function isSecureRequest(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (forwarded) return forwarded === 'https';
  return new URL(request.url).protocol === 'https:';
}

export function flowCookieHeader(name: string, value: string, options: { secure: boolean; maxAge: number }): string {
  const parts = [`${name}=${value}`, 'Path=/sso/', `Max-Age=${options.maxAge}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The value of one cookie of the request, or null. */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}
