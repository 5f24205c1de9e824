import type { Queryable } from '@/db/client';
import type { Actor, TenantContext } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { hasSecondFactor } from './mfa/second-factor-status';
import { stepUpSatisfied } from './mfa-policy';

export const STEP_UP_MESSAGE = 'Confirm it is you: enter a code from your authenticator app or use a passkey, then try again.';

export const mfaRequired = (message = STEP_UP_MESSAGE) => new DomainError('mfa_required', 403, message);

/**
 * Step-up before a sensitive operation (creating API keys, changing a member's roles or overrides, changing a role's
 * permissions, wiping out a tenant): a person with a second factor needs a check in the last ten minutes of this
 * session (signing in with the factor counts), else 403 `mfa_required`. Someone without a factor is not asked here
 * (where a policy requires one, the tenant or platform gate has already stopped them). An API key cannot step up:
 * a key whose creator has a second factor is refused; `db` is used only to learn that (a tenant transaction works).
 */
export async function requireRecentSecondFactor(subject: Actor | TenantContext, db?: Queryable): Promise<void> {
  const actor: Actor = 'actor' in subject ? subject.actor : subject;
  const queryable = db ?? ('db' in subject ? subject.db : undefined);
  if (actor.type === 'system') return;
  if (actor.type === 'api_key') {
    if (!queryable) throw new Error('requireRecentSecondFactor: an API key actor needs a db to look up its creator');
    if (await hasSecondFactor(queryable, actor.userId)) {
      throw mfaRequired(
        'This needs a recent second-factor check, which an API key cannot give. Sign in as the person and confirm with your authenticator app or passkey.',
      );
    }
    return;
  }
  const needsSecondFactor = actor.hasSecondFactor ?? (queryable ? await hasSecondFactor(queryable, actor.id) : false);
  if (!stepUpSatisfied({ needsSecondFactor, mfaVerifiedAt: actor.mfaVerifiedAt, at: now() })) throw mfaRequired();
}
