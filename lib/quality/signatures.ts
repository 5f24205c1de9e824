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
import { withTenant } from '@/lib/tenancy/with-tenant';
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
export function canonicalJson(value: unknown): string {
  const normalize = (v: unknown): Json => {
    if (v === undefined || v === null) return null;
    if (Array.isArray(v)) return v.map(normalize);
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'object') {
      const out: Record<string, Json> = {};
      for (const key of Object.keys(v as object).sort()) {
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

// ── The scope that keeps failed signatures ──────────────────────────────────────────────────────────

type FailedSignature = {
  tenantId: string;
  actor: Extract<Actor, { type: 'user' }>;
  meta: RequestMeta;
  recordType: 'batch' | 'inspection';
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

export const SIGNATURE_INVALID = 'The password is not correct: nothing was signed.';

/**
 * Check a signature's password for the acting person (inside ctx.db) and return the signer. Call it after
 * every other check and before any write. 400 when the meaning is not `expected` (naming
 * `signature.meaning`), 403 `signature_invalid` for API keys and wrong passwords, 429 while locked out.
 */
export async function verifySignature(
  ctx: TenantContext,
  signature: SignatureInput,
  expected: SignatureMeaning,
  record: { type: 'batch' | 'inspection'; id: string },
): Promise<{ id: string; name: string }> {
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
    throw new DomainError('rate_limited', 429, 'Too many wrong passwords: your account is locked for 15 minutes. Nothing was signed.', undefined, {
      'Retry-After': '900',
    });
  }
  if (signature.password === undefined) {
    if (await maySignWithSession(ctx)) return { id: actor.id, name: actor.name };
    throw validationFailed([{ path: 'signature.password', message: 'Re-enter your password to sign.' }]);
  }
  const [row] = rowsOf<{ hash: string | null }>(await ctx.db.execute(sql`select signer_password_hash() as hash`));
  if (!(await verifyPassword(row?.hash ?? null, signature.password))) {
    store.failures.push({ tenantId: ctx.tenant.id, actor, meta: ctx.meta, recordType: record.type, recordId: record.id, meaning: signature.meaning });
    throw new DomainError('signature_invalid', 403, SIGNATURE_INVALID, [{ path: 'signature.password', message: SIGNATURE_INVALID }]);
  }
  return { id: actor.id, name: actor.name };
}

/**
 * Signing without the password (21 CFR 11.200(a)(1)(i): after a first signing with every component in one
 * continuous period of access, later signings may use one). Only when the tenant turned
 * `signatureRequiresPassword` off, and only once this person has signed in this tenant since their current
 * session began: the first signature of a session always takes the password (a session-only signature needs an
 * earlier one in the same session, so the chain always starts with the password). The session's continuity is
 * held by the tenant's idle timeout.
 */
async function maySignWithSession(ctx: TenantContext): Promise<boolean> {
  const policy = await signingPolicy(ctx);
  return policy.sessionSigning && policy.signedThisSession;
}

/**
 * What the console's signature dialog should ask of the signed-in person: `sessionSigning` when the tenant turned
 * `signatureRequiresPassword` off, `signedThisSession` when they have signed in this tenant since their session
 * began. Both true: the next signature may leave the password out (maySignWithSession above decides, on signing).
 */
export async function signingPolicy(ctx: TenantContext): Promise<{ sessionSigning: boolean; signedThisSession: boolean }> {
  const actor = ctx.actor;
  const startedAt = actor.type === 'user' && actor.sessionStartedAt ? actor.sessionStartedAt.toISOString() : null;
  const [row] = rowsOf<{ requires: boolean | null; signed: boolean }>(
    await ctx.db.execute(sql`
      select (select (settings->>'signatureRequiresPassword')::boolean from tenants where id = ${ctx.tenant.id}) as requires,
             ${startedAt}::timestamptz is not null and exists (
               select 1 from electronic_signatures
                where tenant_id = ${ctx.tenant.id} and signer_id = ${actor.id}
                  and signed_at >= ${startedAt}::timestamptz) as signed`),
  );
  return { sessionSigning: actor.type === 'user' && row?.requires === false, signedThisSession: actor.type === 'user' && row?.signed === true };
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
    recordType: 'batch' | 'inspection';
    recordId: string;
    signer: { id: string; name: string };
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
    })
    .returning({ id: electronicSignatures.id, signedAt: electronicSignatures.signedAt });
  return { id: row.id, recordHash: hash, signedAt: row.signedAt };
}

/** The signatures of records, oldest first, each checked against the record's current canonical hash. */
export async function signaturesOf(
  ctx: Pick<TenantContext, 'db' | 'tenant'>,
  recordType: 'batch' | 'inspection',
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
