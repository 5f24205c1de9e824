import Link from 'next/link';
import { Building2 } from 'lucide-react';
import { SkipLink } from '@/components/console/console-shell';
import { TopBar } from '@/components/console/top-bar';
import type { ConsoleUser } from '@/components/console/types';
import { buttonVariants } from '@/components/ui/button';

/**
 * Shown instead of the console when the tenant requires signing in through its SSO and this session came another way
 * (403 `sso_required`). `signInUrl`: the tenant's SSO start address for the person's email (lib/sso/domains/discover-sso.ts),
 * null when no connection is enabled right now.
 */
export function SsoRequiredNotice({ user, slug, signInUrl }: { user: ConsoleUser; slug: string; signInUrl: string | null }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <SkipLink />
      <TopBar user={user} />
      <main id="main" tabIndex={-1} className="flex flex-1 items-start justify-center px-4 py-16 outline-none sm:py-24">
        <div className="flex w-full max-w-md flex-col items-center gap-4 text-center" data-testid="sso-required-page">
          <div
            aria-hidden="true"
            className="flex size-12 items-center justify-center rounded-xl border border-border bg-muted text-foreground"
          >
            <Building2 className="size-5" />
          </div>
          <div className="flex flex-col items-center gap-2">
            <h1 className="text-xl font-semibold tracking-tight">Sign in with your company account</h1>
            <p className="text-[13px] text-muted-foreground">
              <span className="font-mono text-xs">{slug}</span> requires people with an email address on its domain to sign in through the
              company&apos;s own sign-in page, not with a password or passkey. Your other tenants are not affected.
            </p>
          </div>
          <div className="flex flex-wrap justify-center gap-2">
            {signInUrl ? (
              <a href={signInUrl} className={buttonVariants({ variant: 'primary' })}>
                Sign in with your company account
              </a>
            ) : (
              <p className="text-[13px] text-muted-foreground">
                Its company sign-in is switched off right now: ask an administrator of the tenant.
              </p>
            )}
            <Link href="/" className={buttonVariants({ variant: 'secondary' })}>
              Back to your tenants
            </Link>
          </div>
        </div>
      </main>
    </div>
  );
}
