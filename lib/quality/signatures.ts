import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { electronicSignatures, type SignatureMeaning } from '@/db/schema/quality';
import { recordTenantAudit } from '@/lib/audit/record';
import { verifyPassword } from '@/lib/auth/password';
import { beginSignInAttempt, recordSignInFailure } from '@/lib/auth/sign-in-guard';
import type { Actor, RequestMeta, TenantContext } from '@/lib/context';
import { DomainError, validationFailed } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { getKv } from '@/lib/platform/kv';
import { logger } from '@/lib/platform/logger';
import { DEFAULT_SETTINGS } from '@/lib/tenancy/get-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { mayOmitPassword, type SessionSigningFacts } from './policy';
import type { SignatureInput, SignatureView } from './schemas';

/**
 * Electronic signatures (21 CFR Part 11). To sign, a person re-enters their password (11.200(a)); the
 * signature stores the signer's id and printed name, the meaning, the database's time and the SHA-256 of
 * the record's canonical form as signed (11.50, 11.70). A record shows each signature as `valid: false`
 * once its canonical form no longer hashes to what was signed.
 *
 * A wrong password is refused (403 `signature_invalid`) and changes nothing, yet it must leave two traces
 * that outlive the refused (rolled back) transaction: a `signature.failed` audit event and one failure
 * toward the account's sign-in lockout (lib/auth/sign-in-guard.ts). Signing domain functions therefore run
 * inside `signatureScope` (the signing routes wrap themselves in it, see `signingRoute`), which writes
 * those traces once the tenant's transaction is over. While the account is locked out, signing is refused
 * (429) before the password is checked, so a session cannot be used to guess it.
 */

// ── Canonical form and hash ─────────────────────────────────────────────────────────────────────────

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level and no whitespace: one text per record state. */
function canonicalJson(value: unknown): string {
  const normalize = (v: unknown): Json => {
    if (v === undefined || v === null) return null;
    if (Array.isArray(v)) return v.map(normalize);
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'object') {
      const out: Record<string, Json> = {};
      for (const key of Object.keys(v).sort()) {
        const item = (v as Record<string, unknown>)[key];
        if (item !== undefined) out[key] = normalize(item);
      }
      return out;
    }
    return v as Json;
  };
  return JSON.stringify(normalize(value));
}

/** SHA-256 (hex) of a record's canonical form. */
export function recordHash(canonical: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(canonical), 'utf8').digest('hex');
}

/** The records people sign: batches, inspections, access-review items (meaning `reviewed`) and access reviews (`approved`). */
export type SignedRecordType = 'batch' | 'inspection' | 'access_review_item' | 'access_review';

// ── The scope that keeps failed signatures ──────────────────────────────────────────────────────────

type FailedSignature = {
  tenantId: string;
  actor: Extract<Actor, { type: 'user' }>;
  meta: RequestMeta;
  recordType: SignedRecordType;
  recordId: string;
  meaning: SignatureMeaning;
};

const scope = new AsyncLocalStorage<{ failures: FailedSignature[] }>();

/**
 * Run `fn` (which opens and ends the tenant's transaction) so that failed signatures inside it are
 * audited and counted toward lockout afterwards, whatever `fn` answered.
 */
export async function signatureScope<T>(fn: () => Promise<T>): Promise<T> {
  const store = { failures: [] as FailedSignature[] };
  try {
    return await scope.run(store, fn);
  } finally {
    for (const failure of store.failures) await settleFailure(failure);
  }
}

async function settleFailure(f: FailedSignature): Promise<void> {
  try {
    await withTenant(
      f.tenantId,
      (tx) =>
        recordTenantAudit(tx, f.tenantId, f.actor, f.meta, {
          action: 'signature.failed',
          targetType: f.recordType,
          targetId: f.recordId,
          after: { meaning: f.meaning, signer: f.actor.id },
          reason: 'Wrong password',
        }),
      { userId: f.actor.id },
    );
    const email = f.actor.email.trim().toLowerCase();
    let attempt: number;
    try {
      attempt = await beginSignInAttempt(email, f.meta.ip);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'rate_limited') return; // already locked
      throw error;
    }
    await recordSignInFailure(email, attempt, { id: f.actor.id, name: f.actor.name, email }, f.meta);
  } catch (error) {
    logger.error({ err: error, requestId: f.meta.requestId }, 'could not record a failed signature');
  }
}

// ── Signing ─────────────────────────────────────────────────────────────────────────────────────────

const SIGNATURE_INVALID = 'The password is not correct: nothing was signed.';

/**
 * Check a signature's password for the acting person (inside ctx.db) and return the signer. Call it after
 * every other check and before any write. 400 when the meaning is not `expected` (naming
 * `signature.meaning`), 403 `signature_invalid` for API keys and wrong passwords, 429 while locked out.
 */
export async function verifySignature(
  ctx: TenantContext,
  signature: SignatureInput,
  expected: SignatureMeaning,
  record: { type: SignedRecordType; id: string },
): Promise<Signer> {
  if (signature.meaning !== expected) {
    throw validationFailed([{ path: 'signature.meaning', message: `This signature means ${expected}.` }]);
  }
  const actor = ctx.actor;
  if (actor.type !== 'user') {
    throw new DomainError('signature_invalid', 403, 'An electronic signature is made by a person with their own password, not an API key.');
  }
  const store = scope.getStore();
  if (!store) throw new Error('verifySignature needs signatureScope (lib/quality/signatures.ts) around the tenant transaction');

  if (await signerLockedOut(ctx, actor.email)) {
    throw new DomainError(
      'rate_limited',
      429,
      'Too many wrong passwords: your account is locked for 15 minutes. Nothing was signed.',
      undefined,
      {
        'Retry-After': '900',
      },
    );
  }
  if (signature.password === undefined) {
    const verdict = mayOmitPassword(await sessionSigningFacts(ctx));
    if (verdict.allowed) return { id: actor.id, name: actor.name, passwordEntered: false };
    throw validationFailed([{ path: 'signature.password', message: `Re-enter your password to sign. ${verdict.reasons.join(' ')}` }]);
  }
  const [row] = rowsOf<{ hash: string | null }>(await ctx.db.execute(sql`select signer_password_hash() as hash`));
  if (!(await verifyPassword(row?.hash ?? null, signature.password))) {
    store.failures.push({
      tenantId: ctx.tenant.id,
      actor,
      meta: ctx.meta,
      recordType: record.type,
      recordId: record.id,
      meaning: signature.meaning,
    });
    throw new DomainError('signature_invalid', 403, SIGNATURE_INVALID, [{ path: 'signature.password', message: SIGNATURE_INVALID }]);
  }
  return { id: actor.id, name: actor.name, passwordEntered: true };
}

/** Who signs, and whether they entered the password (false: signed within the session of an earlier password signature). */
type Signer = { id: string; name: string; passwordEntered: boolean };

/**
 * The facts of signing without the password (the rule: lib/quality/policy.ts `mayOmitPassword`, 21 CFR
 * 11.200(a)(1)(i)): the tenant's `signatureRequiresPassword` and `sessionTimeoutMinutes`, the signer's session
 * (its lastSeenAt before this request), and their latest password signature in this tenant made in that session.
 */
async function sessionSigningFacts(ctx: TenantContext): Promise<SessionSigningFacts> {
  const actor = ctx.actor;
  const sessionId = actor.type === 'user' ? (actor.sessionId ?? null) : null;
  const [row] = rowsOf<{ requires: boolean | null; timeout: number | null; signed_at: string | Date | null }>(
    await ctx.db.execute(sql`
      select (t.settings->>'signatureRequiresPassword')::boolean as requires,
             (t.settings->>'sessionTimeoutMinutes')::int as timeout,
             (select max(s.signed_at) from electronic_signatures s
               where s.tenant_id = t.id and s.signer_id = ${actor.id} and s.session_id = ${sessionId}::uuid
                 and s.password_entered) as signed_at
        from tenants t where t.id = ${ctx.tenant.id}`),
  );
  return {
    passwordRequired: row?.requires ?? DEFAULT_SETTINGS.signatureRequiresPassword,
    sessionTimeoutMinutes: row?.timeout ?? DEFAULT_SETTINGS.sessionTimeoutMinutes,
    session: actor.type === 'user' && sessionId ? { id: sessionId, lastSeenAt: actor.lastSeenAt ?? null } : null,
    lastPasswordSignature: sessionId && row?.signed_at ? { sessionId, signedAt: new Date(row.signed_at) } : null,
    now: now(),
  };
}

/**
 * What the console's signature dialog should ask of the signed-in person: `sessionSigning` when the tenant turned
 * `signatureRequiresPassword` off, `signedThisSession` when the next signature may leave the password out in this
 * session (lib/quality/policy.ts `mayOmitPassword`; with the setting on, whether they signed with the password in
 * this session).
 */
export async function signingPolicy(ctx: TenantContext): Promise<{ sessionSigning: boolean; signedThisSession: boolean }> {
  const facts = await sessionSigningFacts(ctx);
  const isUser = ctx.actor.type === 'user';
  return {
    sessionSigning: isUser && !facts.passwordRequired,
    signedThisSession: isUser && mayOmitPassword({ ...facts, passwordRequired: false }).allowed,
  };
}

async function signerLockedOut(ctx: TenantContext, email: string): Promise<boolean> {
  const kv = await getKv();
  if (kv.kind === 'upstash') {
    const lock = await kv.get<{ until: number }>(`signin:lock:acct:${email.trim().toLowerCase()}`);
    return !!lock && lock.until > now().getTime();
  }
  // The PostgreSQL kv store is a table the runtime role cannot read (and on PGlite the transaction holds the
  // only connection): an owner function shows the acting person's own lock (drizzle/0012_quality_rls.sql).
  const [row] = rowsOf<{ locked: boolean }>(await ctx.db.execute(sql`select signer_sign_in_locked() as locked`));
  return row?.locked === true;
}

/** Store a signature of a record, hashed as it stands now; the database stamps the time. */
export async function insertSignature(
  ctx: TenantContext,
  input: {
    recordType: SignedRecordType;
    recordId: string;
    signer: { id: string; name: string; passwordEntered?: boolean };
    meaning: SignatureMeaning;
    reason: string | null;
    canonical: Record<string, unknown>;
  },
): Promise<{ id: string; recordHash: string; signedAt: Date }> {
  const hash = recordHash(input.canonical);
  const [row] = await ctx.db
    .insert(electronicSignatures)
    .values({
      tenantId: ctx.tenant.id,
      recordType: input.recordType,
      recordId: input.recordId,
      signerId: input.signer.id,
      signerName: input.signer.name,
      meaning: input.meaning,
      reason: input.reason,
      recordHash: hash,
      sessionId: ctx.actor.type === 'user' ? (ctx.actor.sessionId ?? null) : null,
      passwordEntered: input.signer.passwordEntered ?? true,
    })
    .returning({ id: electronicSignatures.id, signedAt: electronicSignatures.signedAt });
  return { id: row.id, recordHash: hash, signedAt: row.signedAt };
}

/** The signatures of records, oldest first, each checked against the record's current canonical hash. */
export async function signaturesOf(
  ctx: Pick<TenantContext, 'db' | 'tenant'>,
  recordType: SignedRecordType,
  currentHashes: Map<string, string>,
): Promise<Map<string, SignatureView[]>> {
  const ids = [...currentHashes.keys()];
  const out = new Map<string, SignatureView[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await ctx.db
    .select()
    .from(electronicSignatures)
    .where(
      and(
        eq(electronicSignatures.tenantId, ctx.tenant.id),
        eq(electronicSignatures.recordType, recordType),
        inArray(electronicSignatures.recordId, ids),
      ),
    )
    .orderBy(asc(electronicSignatures.signedAt), asc(electronicSignatures.id));
  for (const r of rows) {
    out.get(r.recordId)!.push({
      id: r.id,
      signer: { id: r.signerId, name: r.signerName },
      meaning: r.meaning,
      reason: r.reason,
      signedAt: new Date(r.signedAt).toISOString(),
      recordHash: r.recordHash,
      valid: r.recordHash === currentHashes.get(r.recordId),
    });
  }
  return out;
}
