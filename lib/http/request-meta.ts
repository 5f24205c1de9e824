import { randomUUID } from 'node:crypto';
import type { RequestMeta } from '@/lib/context';
import { env } from '@/lib/platform/env';
import { chooseClientAddress, peerAddressHeader, type TrustedProxies } from './client-address';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-ID when it is sane, otherwise a new UUID. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The client's address: the TCP peer (captured by instrumentation.ts), or what TRUSTED_PROXIES allows to be
 * believed of X-Forwarded-For / X-Real-IP. The one place every sign-in limit, session and audit event gets it.
 */
export function clientIp(headers: Headers, proxies: TrustedProxies = env().TRUSTED_PROXIES): string | null {
  return chooseClientAddress(
    { peer: headers.get(peerAddressHeader()), forwardedFor: headers.get('x-forwarded-for'), realIp: headers.get('x-real-ip') },
    proxies,
  );
}

export function requestMeta(request: Request): RequestMeta {
  return {
    requestId: requestIdFrom(request.headers),
    ip: clientIp(request.headers),
    userAgent: request.headers.get('user-agent')?.slice(0, 512) ?? null,
  };
}
