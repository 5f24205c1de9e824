'use client';

import { useEffect } from 'react';
import Link from 'next/link';
import { RotateCw, TriangleAlert } from 'lucide-react';
import { Button, buttonVariants } from '@/components/ui/button';

/** Unexpected errors in a page: say so plainly, offer a retry, show the reference for support. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;

  return (
    <div role="alert" className="flex min-h-[60vh] items-center justify-center px-4 py-16">
      <div className="flex max-w-md flex-col items-center gap-4 text-center">
        <div
          aria-hidden="true"
          className="flex size-11 items-center justify-center rounded-xl border border-danger/25 bg-danger/10 text-danger"
        >
          <TriangleAlert className="size-5" />
        </div>
        <h1 className="text-xl font-semibold tracking-tight">Something went wrong</h1>
        <p className="text-[13px] text-muted-foreground">
          This page could not be loaded. It may be a temporary problem; try again in a moment.
        </p>
        {digest ? (
          <p className="text-xs text-muted-foreground">
            Reference: <code className="rounded bg-muted px-1 py-0.5 font-mono text-foreground">{digest}</code>
          </p>
        ) : null}
        <div className="flex gap-2">
          <Button variant="primary" onClick={() => retry()}>
            <RotateCw aria-hidden="true" />
            Try again
          </Button>
          <Link href="/" className={buttonVariants({ variant: 'secondary' })}>
            Go to your tenants
          </Link>
        </div>
      </div>
    </div>
  );
}
