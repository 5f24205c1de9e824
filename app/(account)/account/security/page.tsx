import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { SecurityPanel } from '@/components/account/security/security-panel';
import { safeNextPath } from '@/components/auth/sign-in-schema';
import { getCurrentUser } from '@/lib/auth/current-user';
import { secondFactorStatus } from '@/lib/auth/mfa/second-factor-status';
import {
  addPasskeyAction,
  confirmTotpAction,
  passkeyOptionsAction,
  regenerateRecoveryCodesAction,
  removePasskeyAction,
  removeTotpAction,
  renamePasskeyAction,
  startTotpAction,
} from './actions';

export const metadata: Metadata = { title: 'Security' };

/**
 * Second factors: the authenticator app, passkeys and security keys, recovery codes (the same as GET /api/v1/me/mfa).
 * `?enrol=1` (the tenant or platform gate sent the person here) explains why; `next` is where to carry on after.
 */
export default async function SecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const enrol = params.enrol === '1';
  const next = safeNextPath(params.next) ?? null;
  const user = await getCurrentUser();
  if (!user) {
    const back = `/account/security${enrol ? `?enrol=1${next ? `&next=${encodeURIComponent(next)}` : ''}` : ''}`;
    redirect(`/sign-in?next=${encodeURIComponent(back)}`);
  }
  const status = await secondFactorStatus(await getDb(), user.id);
  return (
    <SecurityPanel
      enrol={enrol}
      next={next}
      status={{
        totp: status.totp,
        recoveryCodesLeft: status.recoveryCodesLeft,
        passkeys: status.passkeys.map((p) => ({
          id: p.id,
          name: p.name,
          createdAt: p.createdAt.toISOString(),
          lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
        })),
      }}
      actions={{
        totp: { start: startTotpAction, confirm: confirmTotpAction, remove: removeTotpAction },
        passkeys: { options: passkeyOptionsAction, add: addPasskeyAction, rename: renamePasskeyAction, remove: removePasskeyAction },
        regenerate: regenerateRecoveryCodesAction,
      }}
    />
  );
}
