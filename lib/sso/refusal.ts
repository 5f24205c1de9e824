/**
 * Why an SSO sign-in was refused, as a reason code in the refusal page's URL (`/sso/refused?reason=…`,
 * app/(auth)/sso/refused/page.tsx) and the plain words that page shows. The OIDC callback and SAML ACS routes send
 * their own failures here too (`idp_error`, `invalid_response`, …), so every refusal reads the same way.
 */
export const SSO_REFUSAL_REASONS = {
  seats_full: {
    title: 'No seat left',
    body: 'Your organisation has used every seat of its plan, so an account could not be made for you. Ask your administrator to free a seat or upgrade the plan, then sign in again.',
  },
  not_provisioned: {
    title: 'You are not a member yet',
    body: 'Your sign-in worked, but this organisation only lets in people an administrator has added. Ask your administrator to add or invite you.',
  },
  member_suspended: {
    title: 'Your membership is suspended',
    body: 'Your access to this organisation is suspended. Ask your administrator to reactivate it.',
  },
  account_deactivated: {
    title: 'Your account is deactivated',
    body: 'This account has been deactivated by the platform administrators. Contact them if you think this is a mistake.',
  },
  account_not_linked: {
    title: 'This email already has an account',
    body: 'An account with this email address already exists, and your company sign-in could not be linked to it safely. Sign in with your password, or ask your administrator for help.',
  },
  email_missing: {
    title: 'Your email address was not sent',
    body: 'Your company sign-in did not tell us your email address. Ask your administrator to check the sign-in settings.',
  },
  connection_unavailable: {
    title: 'This sign-in is not available',
    body: 'This company sign-in is switched off or does not exist. Go back and sign in another way, or ask your administrator.',
  },
  idp_error: {
    title: 'Your company sign-in did not finish',
    body: 'Your company sign-in was cancelled or refused. Try again, or ask your administrator if it keeps happening.',
  },
  invalid_response: {
    title: 'The answer from your company sign-in was not accepted',
    body: 'The answer could not be checked, was used before or came too late. Start signing in again.',
  },
  expired: {
    title: 'The sign-in took too long',
    body: 'Too much time passed between starting and finishing. Start signing in again.',
  },
} as const;

export type SsoRefusalReason = keyof typeof SSO_REFUSAL_REASONS;

export function isSsoRefusalReason(value: unknown): value is SsoRefusalReason {
  return typeof value === 'string' && Object.hasOwn(SSO_REFUSAL_REASONS, value);
}

/** The refusal page's path for a reason (same origin: relative). */
export function ssoRefusalPath(reason: SsoRefusalReason): string {
  return `/sso/refused?reason=${reason}`;
}

/**
 * A redirect (303) to the refusal page, for the public SSO routes. The Location is relative: behind a proxy, or in
 * the standalone server, the request's own URL may name another host than the browser used (localhost for
 * 127.0.0.1), and an absolute redirect there would change the origin.
 */
export function ssoRefusalResponse(reason: SsoRefusalReason): Response {
  return new Response(null, { status: 303, headers: { Location: ssoRefusalPath(reason), 'Cache-Control': 'no-store' } });
}
