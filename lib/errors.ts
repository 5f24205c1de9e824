import { markDatabaseDown } from '@/lib/platform/database-status';

/**
 * Errors the domain layer throws. Each carries the stable `code` of API.md and its HTTP status,
 * so every face (route handler, server action, CLI) shapes them the same way.
 *
 * Every code the server answers in problem+json, with its HTTP status (the API document's `Problem.code` enum). */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  /** A write made with the session cookie from another origin, or naming none (lib/http/same-origin.ts). */
  origin_not_allowed: 403,
  not_found: 404,
  rate_limited: 429,
  seat_limit_reached: 409,
  invalid_transition: 409,
  segregation_of_duties: 403,
  /** A reviewer acting on an access-review item about their own access (nobody reviews their own access). */
  self_review: 403,
  signature_invalid: 403,
  release_blocked: 409,
  email_unverified: 403,
  tenant_suspended: 403,
  /** A deactivated account (platform admins deactivate and reactivate people): sign-in after the right password, every way in. */
  account_deactivated: 403,
  /** A suspended member of the tenant asked for: roles kept, access to this tenant stopped until reactivated. */
  member_suspended: 403,
  /**
   * The password is older than the maximum age of the strictest password rules among the person's tenants: tenant
   * routes refuse their session and tokens until they choose a new one (lib/auth/password-expiry.ts).
   */
  password_expired: 403,
  /**
   * The tenant requires signing in through its SSO for people on its verified domains, and this session came another
   * way (a password, a passkey, OAuth, or another tenant's IdP): sign in through the tenant's identity provider.
   */
  sso_required: 403,
  invitation_expired: 410,
  invitation_used: 409,
  link_expired: 410,
  link_used: 409,
  conflict: 409,
  /**
   * A second factor is needed: step-up before a sensitive operation (403, lib/auth/step-up.ts); also the 401 of
   * `POST /api/v1/auth/token` for a person with a second factor, which carries an `mfaToken`.
   */
  mfa_required: 403,
  /** The tenant (or the deployment, for platform admins) requires a second factor and this person has none yet. */
  mfa_enrolment_required: 403,
  /**
   * A wrong second-factor code (authenticator or recovery code) or a passkey that was not accepted: 403 in a signed-in
   * request (like a wrong current password, naming `code`), 401 on the sign-in endpoints (lib/auth/mfa/verify-code.ts).
   */
  invalid_code: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  service_unavailable: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export type FieldError = { path: string; message: string };

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationFailed = (errors: FieldError[], message = 'The request has invalid fields.') =>
  new DomainError('validation_failed', 400, message, errors);
export const unauthenticated = (message = 'Sign in or send a valid bearer token.') => new DomainError('unauthenticated', 401, message);
export const forbidden = (message = 'You do not have permission to do this.') => new DomainError('forbidden', 403, message);
export const notFound = (what = 'resource') => new DomainError('not_found', 404, `No such ${what}.`);
export const conflict = (message: string) => new DomainError('conflict', 409, message);

/** The database could not be reached; callers answer 503 and retry later (console pages too, see proxy.ts). */
export class DatabaseUnavailableError extends DomainError {
  constructor(cause?: unknown) {
    super('service_unavailable', 503, 'The database is unavailable. Try again shortly.', undefined, { 'Retry-After': '5' });
    this.cause = cause;
    markDatabaseDown();
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

/** True when an error means "the database is not there", not "the query was wrong". */
export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isConnectionError(inner))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
