import Link from 'next/link';
import { PauseCircle } from 'lucide-react';
import { buttonVariants } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/badge';
import { SkipLink } from './console-shell';
import { TopBar } from './top-bar';
import type { ConsoleUser } from './types';

/** Shown instead of the console when the person's own membership of the tenant they opened is suspended. */
export function MemberSuspended({ user, slug }: { user: ConsoleUser; slug: string }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <SkipLink />
      <TopBar user={user} />
      <main id="main" tabIndex={-1} className="flex flex-1 items-start justify-center px-4 py-16 outline-none sm:py-24">
        <div className="flex w-full max-w-md flex-col items-center gap-4 text-center" data-testid="member-suspended-page">
          <div
            aria-hidden="true"
            className="flex size-12 items-center justify-center rounded-xl border border-danger/25 bg-danger/10 text-danger"
          >
            <PauseCircle className="size-5" />
          </div>
          <div className="flex flex-col items-center gap-2">
            <StatusBadge status="suspended" />
            <h1 className="text-xl font-semibold tracking-tight">Your access to this tenant is suspended</h1>
            <p className="text-[13px] text-muted-foreground">
              An administrator of <span className="font-mono text-xs">{slug}</span> has suspended your membership, or it was suspended after
              a long time without use. Your roles are kept for your return: ask an administrator of the tenant to reactivate you. Your other
              tenants are not affected.
            </p>
          </div>
          <Link href="/" className={buttonVariants({ variant: 'secondary' })}>
            Back to your tenants
          </Link>
        </div>
      </main>
    </div>
  );
}
