'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { ChevronLeft, SearchX } from 'lucide-react';
import { buttonVariants } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export type RecordNotFoundProps = {
  /** The page's heading: "Batch not found". */
  heading: string;
  /** What the tenant has no such one of, as in "No {what} with this id here": "batch". */
  what: string;
  /** The page to go back to, under /t/{tenant}: "batches"; `:name` takes the URL's parameter ("batches/:id?tab=serials"). */
  back: string;
  /** The link's words: "Back to batches". */
  backLabel: string;
  /** A sentence on how people usually get here and what to do instead. */
  hint?: string;
};

/**
 * The 404 page of a console record (a not-found.tsx under /t/{tenant}): said inside the console frame, with the way
 * back to the list. An unknown id, a malformed one and another tenant's record all look the same.
 */
export function RecordNotFound({ heading, what, back, backLabel, hint }: RecordNotFoundProps) {
  const params = useParams<Record<string, string>>();
  const tenant = params.tenant ?? '';
  const path = back.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const href = `/t/${tenant}/${path}`;
  return (
    <div className="flex flex-col gap-6" data-testid="record-not-found">
      <PageHeader
        eyebrow={
          <Link
            href={href}
            className="inline-flex items-center gap-1 rounded-sm underline hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
          >
            <ChevronLeft aria-hidden="true" className="size-3.5" />
            {backLabel}
          </Link>
        }
        title={heading}
      />
      <EmptyState
        icon={<SearchX />}
        title={`No ${what} with this id here`}
        action={
          <Link href={href} className={buttonVariants({ variant: 'secondary' })}>
            {backLabel}
          </Link>
        }
      >
        {hint ?? `This ${what} does not exist in this tenant, or the link is incomplete. Pick it from the list instead.`}
      </EmptyState>
    </div>
  );
}
