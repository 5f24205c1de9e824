import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { refreshTokens, sessions, users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { fieldErrors } from '@/lib/validation';
import { hashPassword } from './password';
import { passwordSetColumns, rememberPassword } from './password-history';
import { DEFAULT_PASSWORD_POLICY, newPasswordSchema } from './password-policy';
import { enforcePasswordRules, passwordRulesForUser } from './password-rules';
import { emailSchema, nameSchema } from './schemas';

/** The command line acting on its own (no signed-in person behind it). */
export const CLI_ACTOR: Actor = { type: 'system', id: 'cli', name: 'Command line' };
export const cliMeta = (): RequestMeta => ({ requestId: randomUUID(), ip: null, userAgent: 'custos-cli' });

type CreatePlatformAdminResult = {
  id: string;
  email: string;
  /** created: a new verified account · promoted: an existing verified account made admin · already_admin: nothing to do. */
  outcome: 'created' | 'promoted' | 'already_admin';
  /** Whether the password was set (new accounts, and unverified ones taken over). */
  passwordSet: boolean;
};

const inputSchema = z.strictObject({ email: emailSchema, name: nameSchema.optional() });

/**
 * `npm run cli -- create-platform-admin --email E [--name N]`. A new email becomes a verified platform
 * admin with the given password (the password policy applies). An existing verified account is promoted
 * and keeps its password. An existing account whose email was never verified is not trusted as is — anyone
 * can register any address — so it is taken over: the given password replaces its password, its email is
 * marked verified, and its sessions end. `password` is asked for only when needed (it may prompt).
 * Audited on the platform trail as `user.platform_admin_granted`.
 */
export async function createPlatformAdmin(
  input: { email: string; name?: string },
  password: () => Promise<string> | string,
  ctx: { actor?: Actor; meta?: RequestMeta } = {},
): Promise<CreatePlatformAdminResult> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error));
  const { email, name } = parsed.data;
  const actor = ctx.actor ?? CLI_ACTOR;
  const meta = ctx.meta ?? cliMeta();
  const db = await getDb();

  const [existing] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      isPlatformAdmin: users.isPlatformAdmin,
      emailVerified: users.emailVerified,
    })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);

  if (existing?.emailVerified) {
    if (existing.isPlatformAdmin) return { id: existing.id, email: existing.email, outcome: 'already_admin', passwordSet: false };
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ isPlatformAdmin: true, updatedAt: sql`now()` })
        .where(eq(users.id, existing.id));
      await recordPlatformAudit(tx, actor, meta, {
        action: 'user.platform_admin_granted',
        targetType: 'user',
        targetId: existing.id,
        before: { isPlatformAdmin: false },
        after: { isPlatformAdmin: true },
      });
    });
    return { id: existing.id, email: existing.email, outcome: 'promoted', passwordSet: false };
  }

  const checked = newPasswordSchema.safeParse(await password());
  if (!checked.success)
    throw validationFailed(
      fieldErrors(checked.error).map((e) => ({ ...e, path: 'password' })),
      'The password does not meet the policy.',
    );
  // The person's password rules: an account taken over meets its tenants' strictest; a new one the defaults.
  await enforcePasswordRules({
    password: checked.data,
    path: 'password',
    rules: existing ? await passwordRulesForUser(existing.id) : { policy: DEFAULT_PASSWORD_POLICY, tenantNames: [] },
    person: { email, name: name ?? existing?.name },
  });
  const passwordHash = await hashPassword(checked.data);

  return db.transaction(async (tx) => {
    let id: string;
    let outcome: CreatePlatformAdminResult['outcome'];
    if (existing) {
      await tx
        .update(users)
        .set({
          ...passwordSetColumns(passwordHash),
          emailVerified: sql`now()`,
          isPlatformAdmin: true,
          ...(name ? { name } : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(users.id, existing.id));
      const ended = await tx
        .update(sessions)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(sessions.userId, existing.id), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id });
      if (ended.length > 0) {
        await tx
          .update(refreshTokens)
          .set({ usedAt: sql`now()` })
          .where(
            and(
              inArray(
                refreshTokens.sessionId,
                ended.map((s) => s.id),
              ),
              isNull(refreshTokens.usedAt),
            ),
          );
      }
      id = existing.id;
      outcome = 'promoted';
    } else {
      const [row] = await tx
        .insert(users)
        .values({
          email,
          name: name ?? email.split('@')[0],
          ...passwordSetColumns(passwordHash),
          emailVerified: sql`now()`,
          isPlatformAdmin: true,
        })
        .returning({ id: users.id });
      id = row.id;
      outcome = 'created';
    }
    await rememberPassword(tx, id, passwordHash);
    await recordPlatformAudit(tx, actor, meta, {
      action: 'user.platform_admin_granted',
      targetType: 'user',
      targetId: id,
      before: existing ? { isPlatformAdmin: existing.isPlatformAdmin, emailVerified: false } : null,
      after: { isPlatformAdmin: true, emailVerified: true, created: !existing },
      reason: existing ? 'Unverified account taken over: password replaced, email marked verified, sessions ended' : null,
    });
    return { id, email: existing?.email ?? email, outcome, passwordSet: true };
  });
}
