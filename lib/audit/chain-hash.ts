import * as crypto from 'node:crypto';

/** The hash before the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * An audit event as the verifier reads it: every field in the text form the database gives it, so nothing is lost
 * in a round trip through JavaScript values (jsonb numbers, microseconds). `before` and `after` are `jsonb::text`,
 * which is the form jsonb prints inside `jsonb_build_object(…)::text`; `occurredAt` is formatted in SQL exactly as
 * audit_canonical formats it (see AUDIT_OCCURRED_AT_SQL).
 */
export type AuditChainRow = {
  id: string;
  tenantId: string | null;
  seq: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
};

/** The SQL expression audit_canonical uses for the event time (drizzle/0001_rls_audit.sql), for `e.occurred_at`. */
export const AUDIT_OCCURRED_AT_SQL = `to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The event time as the verifier reads it: `(e.occurred_at at time zone 'UTC')::text`, a timestamp without time zone
 * in PostgreSQL's ISO output (`2026-12-06 23:40:00.1234`, trailing zeros of the fraction dropped, none when whole),
 * which the server prints several times faster than to_char. occurredAtFromText turns it into to_char's form.
 */
export const AUDIT_OCCURRED_AT_TEXT_SQL = `(e.occurred_at at time zone 'UTC')::text`;

const ISO_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?$/;

/** `2026-12-06 23:40:00.1234` → `2026-12-06T23:40:00.123400Z`, as audit_canonical's to_char writes it. */
export function occurredAtFromText(text: string): string {
  const match = ISO_TIMESTAMP.exec(text);
  // Another DateStyle, or a year outside 0001–9999: refuse rather than call a sound chain broken.
  if (!match) throw new Error(`audit chain: unexpected timestamp text ${JSON.stringify(text)} (DateStyle must be ISO)`);
  return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(6, '0')}Z`;
}

/** A JSON string as jsonb prints it: `"`, `\`, \b \f \n \r \t escaped, other controls as \u00xx — as JSON.stringify. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
const str = (value: string | null) => (value === null ? 'null' : NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`);
const raw = (value: string | null) => (value === null ? 'null' : value);

/**
 * audit_canonical(e) of drizzle/0001_rls_audit.sql, in JavaScript: `jsonb_build_object(…)::text`. jsonb prints an
 * object's keys shortest first, equal lengths in byte order, as `{"k": v, "k2": v2}`; the order below is that order
 * for these sixteen keys (tests/unit/audit-chain-hash.test.ts checks it, and tests/integration/audit-chain.test.ts
 * checks the whole function against the SQL one on real rows).
 */
export function auditCanonical(e: AuditChainRow): string {
  return (
    `{"id": ${str(e.id)}, "ip": ${str(e.ip)}, "seq": ${e.seq}, "after": ${raw(e.after)}, "action": ${str(e.action)}, ` +
    `"before": ${raw(e.before)}, "reason": ${str(e.reason)}, "actorId": ${str(e.actorId)}, ` +
    `"targetId": ${str(e.targetId)}, "tenantId": ${str(e.tenantId)}, "actorName": ${str(e.actorName)}, ` +
    `"actorType": ${str(e.actorType)}, "requestId": ${str(e.requestId)}, "userAgent": ${str(e.userAgent)}, ` +
    `"occurredAt": ${str(e.occurredAt)}, "targetType": ${str(e.targetType)}}`
  );
}

/** The keys of auditCanonical in the order it writes them (for the test that checks it is jsonb's order). */
export const AUDIT_CANONICAL_KEYS = [
  'id',
  'ip',
  'seq',
  'after',
  'action',
  'before',
  'reason',
  'actorId',
  'targetId',
  'tenantId',
  'actorName',
  'actorType',
  'requestId',
  'userAgent',
  'occurredAt',
  'targetType',
] as const;

/** audit_event_hash(prev_hash, e): hex SHA-256 of `prev_hash|canonical`, UTF-8. */
export function auditEventHash(prevHash: string, e: AuditChainRow): string {
  return sha256Hex(prevHash + '|' + auditCanonical(e));
}

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'hex') => string;
/** crypto.hash (Node ≥ 20.12) hashes a string in one call, without a Hash object per event; createHash otherwise. */
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;
const sha256Hex = oneShot
  ? (data: string) => oneShot('sha256', data, 'hex')
  : (data: string) => crypto.createHash('sha256').update(data).digest('hex');
