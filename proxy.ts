import { NextResponse, type NextRequest } from 'next/server';
import { problemResponse } from '@/lib/http/problem';
import { databaseAnsweredLately, databaseAnswers } from '@/lib/platform/database-probe';
import { databaseMarkedDown } from '@/lib/platform/database-status';
import { logger } from '@/lib/platform/logger';

/**
 * Coarse work only (the domain functions do the real authorization): a request id on every request,
 * security headers on every answer, a path that is not valid percent-encoding refused with 400, and signed-out
 * visitors of console pages sent to /sign-in.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const PUBLIC_PAGES = ['/sign-in', '/sign-up', '/verify-email', '/forgot-password', '/reset-password', '/invite', '/sso', '/dev/mail'];

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** A page while the database is unreachable: 503 with Retry-After, rather than a page that fails to render (500). */
function unavailablePage(requestId: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Custos is unavailable</title><style>body{font:15px/1.5 system-ui,sans-serif;color:#111;display:grid;place-items:center;min-height:90vh;margin:0}main{max-width:28rem;padding:1rem;text-align:center}</style></head>
<body><main><h1>Custos cannot reach its database right now</h1><p>Nothing was lost. Try again in a moment.</p></main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'retry-after': '5',
      'cache-control': 'no-store',
      'x-request-id': requestId,
    },
  });
}

/** A page whose path does not decode (`/t/%ff`): Next.js would answer a bare 500; this says what is wrong. */
function malformedPathPage(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bad address · Custos</title><style>body{font:15px/1.5 system-ui,sans-serif;color:#111;display:grid;place-items:center;min-height:90vh;margin:0}main{max-width:28rem;padding:1rem;text-align:center}</style></head>
<body><main><h1>This address is not valid</h1><p>Part of it is not valid percent-encoding. Check the link, or <a href="/">go to your tenants</a>.</p></main></body></html>`;
  return new Response(html, { status: 400, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

/** True when the path holds a percent-escape that is not UTF-8 (`%ff`): Next.js's router cannot decode it. */
function undecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** The headers every answer of the proxy carries, pages, API, redirects and its own error pages alike. */
function setSecurityHeaders(headers: Headers, requestId: string, csp: string, dev: boolean): void {
  headers.set('x-request-id', requestId);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  headers.set('x-frame-options', 'DENY');
  headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  headers.set('content-security-policy', csp);
  if (!dev) headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
}

/** For answers without scripts of their own: JSON, redirects, the proxy's plain pages. */
const STATIC_CSP = `default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'`;

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const given = request.headers.get('x-request-id');
  const requestId = given && SANE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
  const dev = process.env.NODE_ENV !== 'production';
  const isApi = pathname.startsWith('/api/') || pathname.startsWith('/scim/'); // SCIM (/scim/v2/{tenant}) is a bearer-token JSON API
  // HTML gets the nonce-based policy (the API docs page is HTML too); JSON endpoints get the strictest one.
  const isHtml = !isApi || pathname === '/api/docs';

  if (undecodable(pathname)) {
    logger.warn({ requestId, method: request.method, path: pathname.slice(0, 512), status: 400 }, 'malformed path');
    const refused = isApi
      ? problemResponse(400, 'validation_failed', 'The path is not valid percent-encoding (UTF-8).', requestId, {
          errors: [{ path: '(path)', message: 'Percent-escapes must encode UTF-8, as encodeURIComponent writes them.' }],
        })
      : malformedPathPage();
    setSecurityHeaders(refused.headers, requestId, STATIC_CSP, dev);
    return refused;
  }

  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  // The OpenID Provider (/oidc/…, discovery under /.well-known/…) answers relying parties and browsers itself: its
  // interaction sends signed-out people to sign in with the right `next`; not a console page.
  const isProvider = pathname.startsWith('/oidc/') || pathname.startsWith('/.well-known/');
  const isConsolePage = !isApi && !isProvider && !PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (isConsolePage && !signedIn) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + request.nextUrl.search)}`;
    const redirect = NextResponse.redirect(url);
    setSecurityHeaders(redirect.headers, requestId, STATIC_CSP, dev);
    return redirect;
  }

  // Once a request has found the database gone, pages answer 503 until a probe finds it back (the API answers its own
  // 503s); a signed-in console page also checks that the database answered within the last second.
  if (!isApi && !isProvider) {
    const unavailable = databaseMarkedDown() ? !(await databaseAnswers()) : isConsolePage && signedIn && !(await databaseAnsweredLately());
    if (unavailable) {
      const page = unavailablePage(requestId);
      setSecurityHeaders(page.headers, requestId, STATIC_CSP, dev);
      return page;
    }
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-request-id', requestId);
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, dev);
  if (isHtml) {
    // Next.js reads the nonce from this request header and puts it on its own scripts.
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('content-security-policy', csp);
  }

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  setSecurityHeaders(response.headers, requestId, isHtml ? csp : `default-src 'none'; frame-ancestors 'none'`, dev);
  return response;
}

export const config = {
  // Everything but real static files: Next's build output, its image optimizer and app/icon.svg. There is no
  // favicon.ico and public/ holds no files (a skipped path that is no file renders a 404 page without these headers);
  // a file added there must be listed here by its exact path. Never by extension alone: `/t/acme/members/x.svg` is a
  // console page.
  matcher: ['/((?!_next/static/|_next/image$|icon\\.svg$).*)'],
};
