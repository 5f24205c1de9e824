import { handleConsentDecision, handleInteraction } from './interaction';
import { answerForJwtAccessToken } from './jwt-access-tokens';
import { continuingPage } from './plain-pages';
import { BodyTooLarge, runNodeHandler, type NodeHandler } from './node-bridge';
import type Provider from 'oidc-provider';
import { getProvider, mountPath, publicOrigin } from './provider';
import { getDb } from '@/db/client';
import { resolveSessionActor, revokeSession, SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/auth/session';
import { logger } from '@/lib/platform/logger';

const MAX_BODY = 64 * 1024;

/**
 * Every request under /oidc (route handler app/oidc/[...path]/route.ts): the interaction and consent decision are
 * Custos's; introspection and revocation of Custos's JWT access tokens are answered here (oidc-provider cannot);
 * everything else is oidc-provider's, run through the Node bridge.
 */
export async function handleOidcRequest(request: Request): Promise<Response> {
  try {
    return await dispatch(request);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      return oauthJson(413, { error: 'invalid_request', error_description: 'request body too large' });
    }
    logger.error({ err: error }, 'OpenID Provider request failed');
    return oauthJson(500, { error: 'server_error', error_description: 'Custos could not answer this request. Try again.' });
  }
}

/** A request Next's client router makes on its own (soft navigation or prefetch), not a browser navigation. */
function isRouterFetch(request: Request): boolean {
  return request.headers.has('rsc') || request.headers.has('next-router-prefetch') || new URL(request.url).searchParams.has('_rsc');
}

/** GET /.well-known/openid-configuration: oidc-provider's discovery document (its endpoints under /oidc). */
export async function handleDiscovery(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const inner = new Request(new URL(`${mountPath()}/.well-known/openid-configuration${url.search}`, url), {
    method: request.method,
    headers: request.headers,
  });
  const response = await handleOidcRequest(inner);
  // Discovery changes only with a deployment: a short public cache spares relying parties a round trip per start.
  if (response.ok) response.headers.set('cache-control', 'public, max-age=300');
  return response;
}

async function dispatch(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const mount = mountPath();
  const below = url.pathname.slice(mount.length);
  const method = request.method.toUpperCase();

  const interaction = /^\/interaction\/([\w-]{1,64})(\/decision)?$/.exec(below);
  if (interaction) {
    const [, uid, decision] = interaction;
    if (decision && method === 'POST') return handleConsentDecision(request, uid);
    if (!decision && method === 'GET') {
      // After the sign-in form (a server action), Next's router first fetches `next` as a soft navigation (RSC
      // request). That fetch must not use up the interaction: it would follow the redirects to the client, which a
      // fetch cannot reach, and the full navigation Next falls back to would then find the interaction spent. A plain
      // answer (not a React Server Components payload) makes Next navigate for real, and that request finishes it.
      if (isRouterFetch(request))
        return new Response('navigate', { status: 200, headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });
      return handleInteraction(request, uid);
    }
    return new Response(null, { status: 405, headers: { allow: decision ? 'POST' : 'GET' } });
  }

  if (method === 'POST' && (below === '/token/introspection' || below === '/token/revocation')) {
    const form = await formBody(request);
    if (form) {
      const answered = await answerForJwtAccessToken(
        below === '/token/introspection' ? 'introspection' : 'revocation',
        request.headers.get('authorization'),
        form,
      );
      if (answered) return answered;
    }
  }

  // "Sign out of Custos" clicked on the sign-out question (its script says so in a header no other form sends): the
  // provider ends its session, and the Custos session ends with it. oidc-provider's own sign-out without a session to
  // ask about also posts logout=yes; that one must not end the console session.
  const signOutOfCustos =
    method === 'POST' &&
    below === '/session/end/confirm' &&
    request.headers.get('x-custos-sign-out') === '1' &&
    (await formBody(request))?.get('logout') === 'yes';

  const response = await runNodeHandler(handlerOf(await getProvider()), request, {
    publicOrigin: publicOrigin(),
    mountPath: mount,
    maxBodyBytes: MAX_BODY,
  });
  if (below === '/jwks' && response.ok) {
    // Verifiers refetch on an unknown kid; a short cache keeps a rotation's next key visible within a minute.
    response.headers.set('cache-control', 'public, max-age=60');
  }
  if (signOutOfCustos && response.status >= 300 && response.status < 400) await endCustosSession(request, response);
  if (below === '/session/end/confirm' && request.headers.get('x-custos-navigation') === 'fetch') {
    return navigationAnswer(response);
  }
  return withoutAutoSubmittingForm(response, request.headers.get('x-nonce'));
}

/** Revoke the request's Custos session (if any) and clear its cookie on the answer. */
async function endCustosSession(request: Request, response: Response): Promise<void> {
  const actor = await resolveSessionActor(request);
  if (actor?.type === 'user' && actor.sessionId) await revokeSession(await getDb(), actor.sessionId);
  for (const name of [SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
    const secure = name === SECURE_SESSION_COOKIE ? '; Secure' : '';
    response.headers.append('set-cookie', `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
  }
}

const handlers = new WeakMap<Provider, NodeHandler>();

/** The provider's koa request handler, made once per provider instance. */
function handlerOf(provider: Provider): NodeHandler {
  let handler = handlers.get(provider);
  if (!handler) {
    handler = provider.callback();
    handlers.set(provider, handler);
  }
  return handler;
}

/** The request's form body (read from a clone: the provider reads the original), or null when it is not a form. */
async function formBody(request: Request): Promise<URLSearchParams | null> {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return null;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_BODY) throw new BodyTooLarge(MAX_BODY);
  const text = await request.clone().text();
  if (Buffer.byteLength(text) > MAX_BODY) throw new BodyTooLarge(MAX_BODY);
  return new URLSearchParams(text);
}

/**
 * The sign-out page sends its decision with fetch (a form POST redirecting to the application is blocked by
 * `form-action 'self'`): the provider's redirect becomes `{location}` and its cookies stay on the answer.
 */
function navigationAnswer(response: Response): Response {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status >= 400 || !location) return response;
  const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });
  for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return new Response(JSON.stringify({ location }), { status: 200, headers });
}

/**
 * oidc-provider answers some steps with a page whose inline script submits a form to its own endpoints (sign-out with
 * no session to ask about). Under the console's CSP that script never runs (no nonce), and a form POST whose redirects
 * end at an application is blocked by `form-action 'self'`. Such a page becomes one whose nonce'd script sends the same
 * fields with fetch and then navigates to the answer's location. Only forms aimed at Custos's own origin are changed.
 */
async function withoutAutoSubmittingForm(response: Response, nonce: string | null): Promise<Response> {
  if (!nonce || !(response.headers.get('content-type') ?? '').startsWith('text/html')) return response;
  const html = await response.clone().text();
  if (!html.includes('<title>Submitting Callback</title>')) return response;
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  if (!action || new URL(unescapeHtml(action), publicOrigin()).origin !== publicOrigin()) return response;
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g))
    fields[name] = unescapeHtml(value);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(continuingPage(unescapeHtml(action), fields, nonce), { status: response.status, headers });
}

function unescapeHtml(value: string): string {
  return value.replace(
    /&(amp|lt|gt|quot|#39|#x27);/g,
    (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[entity]!,
  );
}

function oauthJson(status: number, body: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}
