import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonVariants } from '@/components/ui/button';
import { LogoMark } from '@/components/console/wordmark';

export const metadata: Metadata = { title: 'Not found' };

/** Unknown URLs, and tenants or records the visitor is not a member of (we do not say which). */
export default function NotFound() {
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center px-4 py-16">
      <div className="flex max-w-md flex-col items-center gap-4 text-center">
        <LogoMark className="size-9" />
        <p className="font-mono text-xs font-medium tracking-wider text-muted-foreground">404</p>
        <h1 className="text-xl font-semibold tracking-tight">Page not found</h1>
        <p className="text-[13px] text-muted-foreground">
          This page does not exist, or you do not have access to it. If someone sent you a link to a tenant, ask them to invite you first.
        </p>
        <div className="flex gap-2">
          <Link href="/" className={buttonVariants({ variant: 'primary' })}>
            Go to your tenants
          </Link>
        </div>
      </div>
    </main>
  );
}
