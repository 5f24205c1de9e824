import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/auth/session';

/**
 * Cross-site request forgery guard of the cookie-authenticated API. Browsers attach the session cookie to requests
 * other pages make (a same-site page even under SameSite=Lax), so a write the cookie would authenticate must come
 * from the app's own origin: its Origin header — or, without one, its Referer — must be the origin of APP_URL or the
 * origin the request was addressed to. A request with an Authorization header is judged by that header alone
 * (lib/auth/resolve-actor.ts) and is not checked: browsers never add a bearer token on their own.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SESSION_COOKIE_NAMES = new Set([SESSION_COOKIE, SECURE_SESSION_COOKIE]);

type WriteRequest = {
  method: string;
  url: string;
  headers: Pick<Headers, 'get'>;
};

function carriesSessionCookie(cookieHeader: string | null): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(';').some((part) => {
    const index = part.indexOf('=');
    return index > 0 && SESSION_COOKIE_NAMES.has(part.slice(0, index).trim());
  });
}

function originOf(value: string | null): string | null {
  if (!value || value === 'null') return null;
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** True for a state-changing request (not GET, HEAD or OPTIONS) that the session cookie would authenticate. */
function isCookieAuthenticatedWrite(request: WriteRequest): boolean {
  return (
    !SAFE_METHODS.has(request.method.toUpperCase()) &&
    request.headers.get('authorization') === null &&
    carriesSessionCookie(request.headers.get('cookie'))
  );
}

/**
 * Why a cookie-authenticated write is refused (its Origin, or without one its Referer, is missing or not one of the
 * app's own origins), or null when it may proceed. Every other request is null.
 */
export function crossOriginWriteRefusal(request: WriteRequest, appUrl: string): string | null {
  if (!isCookieAuthenticatedWrite(request)) return null;
  const own = new Set([originOf(appUrl), originOf(request.url)].filter((o): o is string => o !== null));
  const origin = request.headers.get('origin');
  const referer = request.headers.get('referer');
  const claimed = origin !== null ? originOf(origin) : originOf(referer);
  if (claimed !== null && own.has(claimed)) return null;
  const bearer = 'API clients send Authorization: Bearer instead of the cookie.';
  if (origin === null && referer === null) {
    return `A change made with the session cookie must name its origin (Origin or Referer header); this request names none. ${bearer}`;
  }
  const named = (origin ?? referer ?? '').slice(0, 200);
  return `A change made with the session cookie must come from Custos's own pages (${[...own].join(' or ')}), not from ${named}. ${bearer}`;
}
