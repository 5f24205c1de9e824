import { randomUUID } from 'node:crypto';
import type { RequestMeta } from '@/lib/context';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-ID when it is sane, otherwise a new UUID. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0].trim().slice(0, 64) || null;
  return headers.get('x-real-ip')?.slice(0, 64) ?? null;
}

export function requestMeta(request: Request): RequestMeta {
  return {
    requestId: requestIdFrom(request.headers),
    ip: clientIp(request.headers),
    userAgent: request.headers.get('user-agent')?.slice(0, 512) ?? null,
  };
}
