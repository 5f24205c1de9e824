import Link from 'next/link';
import { Ban } from 'lucide-react';
import { buttonVariants } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/badge';
import { SkipLink } from './console-shell';
import { TopBar } from './top-bar';
import type { ConsoleUser } from './types';

/** Shown instead of the console when the tenant a member opened is suspended by the platform. */
export function TenantSuspended({ user, slug, name }: { user: ConsoleUser; slug: string; name?: string }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <SkipLink />
      <TopBar user={user} />
      <main id="main" tabIndex={-1} className="flex flex-1 items-start justify-center px-4 py-16 outline-none sm:py-24">
        <div className="flex w-full max-w-md flex-col items-center gap-4 text-center">
          <div
            aria-hidden="true"
            className="flex size-12 items-center justify-center rounded-xl border border-danger/25 bg-danger/10 text-danger"
          >
            <Ban className="size-5" />
          </div>
          <div className="flex flex-col items-center gap-2">
            <StatusBadge status="suspended" />
            <h1 className="text-xl font-semibold tracking-tight">This tenant is suspended</h1>
            <p className="text-[13px] text-muted-foreground">
              {name ? <span className="font-medium text-foreground">{name}</span> : null}
              {name ? ' ' : null}
              <span className="font-mono text-xs">({slug})</span> has been suspended by the platform administrators. Its records are kept,
              but nobody can work in it until it is reinstated. Contact your administrator if you think this is a mistake.
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
