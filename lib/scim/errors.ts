import { DomainError } from '@/lib/errors';

/** RFC 7644 §3.12 scimType values this service answers with. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** An error the SCIM endpoints answer in the SCIM error schema (RFC 7644 §3.12). */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const scimNotFound = (what: string) => new ScimError(404, `No such ${what} in this tenant.`);
export const scimInvalidValue = (detail: string) => new ScimError(400, detail, 'invalidValue');

/** The body of a SCIM error answer. */
export function scimErrorBody(status: number, detail: string, scimType?: string) {
  return { schemas: [SCIM_ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

/**
 * A domain error raised by the member and team functions the SCIM endpoints reuse, in SCIM words: bad input is
 * `invalidValue` (the fields named in the detail), a name taken is `uniqueness`, a full plan is 403 (RFC 7644 has no
 * scimType for it: the operation is refused, not malformed), anything else keeps its status.
 */
export function scimErrorFromDomain(error: DomainError): ScimError {
  const fields = error.errors?.length ? ` (${error.errors.map((e) => `${e.path}: ${e.message}`).join('; ')})` : '';
  switch (error.code) {
    case 'validation_failed':
      return new ScimError(400, `${error.message}${fields}`, 'invalidValue');
    case 'not_found':
      return new ScimError(404, error.message);
    case 'seat_limit_reached':
      return new ScimError(403, error.message);
    case 'conflict':
      return new ScimError(409, error.message, /already exists|already/i.test(error.message) ? 'uniqueness' : undefined);
    default:
      return new ScimError(error.status, `${error.message}${fields}`, undefined, error.headers ?? {});
  }
}
