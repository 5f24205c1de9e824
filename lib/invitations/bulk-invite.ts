import type { z } from 'zod';
import { requirePermission } from '@/lib/access/require-permission';
import { emailSchema } from '@/lib/auth/schemas';
import type { TenantContext } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { assertGrantable, createInvitation } from './invite-member';
import { bulkInviteSchema, type BulkInviteResult } from './schemas';
import { seatsOf } from './seats';

/**
 * Invite up to 100 addresses at once with the same roles and teams, with a result per address: each is
 * invited on its own (a savepoint each), so one bad, duplicate or already-invited address — or the seat
 * limit reached halfway — leaves the others invited. The roles and teams are checked once, up front: a bad
 * id or an escalation refuses the whole request (400 / 403), writing nothing.
 */
export async function bulkInvite(ctx: TenantContext, input: z.input<typeof bulkInviteSchema>): Promise<BulkInviteResult> {
  requirePermission(ctx, 'members.invite');
  const data = parseInput(bulkInviteSchema, input);
  const teamIds = data.teamIds ?? [];
  const roleIds = await assertGrantable(ctx, data.roles, teamIds);

  const results: BulkInviteResult['results'] = [];
  const seen = new Set<string>();
  for (const raw of data.emails) {
    const parsed = emailSchema.safeParse(raw);
    if (!parsed.success) {
      results.push({
        email: raw.trim(),
        ok: false,
        error: { code: 'validation_failed', message: parsed.error.issues[0]?.message ?? 'Not an email address.' },
      });
      continue;
    }
    const email = parsed.data;
    if (seen.has(email)) {
      results.push({ email, ok: false, error: { code: 'duplicate', message: 'Listed more than once: invited once.' } });
      continue;
    }
    seen.add(email);
    try {
      const invitation = await ctx.db.transaction((sp) => createInvitation({ ...ctx, db: sp }, email, roleIds, teamIds));
      results.push({ email, ok: true, invitation });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ email, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  const invited = results.filter((r) => r.ok).length;
  return { results, invited, failed: results.length - invited, seats: await seatsOf(ctx.db, ctx.tenant.id) };
}
