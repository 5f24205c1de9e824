import { NextResponse, type NextRequest } from 'next/server';
import { databaseAnsweredLately, databaseAnswers } from '@/lib/platform/database-probe';
import { databaseMarkedDown } from '@/lib/platform/database-status';

/**
 * Coarse work only (the domain functions do the real authorization): a request id on every request,
 * security headers, and signed-out visitors of console pages sent to /sign-in.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const PUBLIC_PAGES = ['/sign-in', '/sign-up', '/verify-email', '/forgot-password', '/reset-password', '/invite', '/dev/mail'];

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
      'x-content-type-options': 'nosniff',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'`,
    },
  });
}

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const given = request.headers.get('x-request-id');
  const requestId = given && SANE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
  const dev = process.env.NODE_ENV !== 'production';
  const isApi = pathname.startsWith('/api/');
  // HTML gets the nonce-based policy (the API docs page is HTML too); JSON endpoints get the strictest one.
  const isHtml = !isApi || pathname === '/api/docs';

  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  const isConsolePage = !isApi && !PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (isConsolePage && !signedIn) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + request.nextUrl.search)}`;
    const redirect = NextResponse.redirect(url);
    redirect.headers.set('x-request-id', requestId);
    return redirect;
  }

  // Once a request has found the database gone, pages answer 503 until a probe finds it back (the API answers its own
  // 503s); a signed-in console page also checks that the database answered within the last second.
  if (!isApi) {
    const unavailable = databaseMarkedDown() ? !(await databaseAnswers()) : isConsolePage && signedIn && !(await databaseAnsweredLately());
    if (unavailable) return unavailablePage(requestId);
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
  response.headers.set('x-request-id', requestId);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  response.headers.set(
    'content-security-policy',
    isHtml ? csp : `default-src 'none'; frame-ancestors 'none'`,
  );
  if (!dev) response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  return response;
}

export const config = {
  // Everything but Next's static files and the favicon.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|webp|jpg)$).*)'],
};
