import { Card, CardContent, CardHeader } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';

/*
 * What a console page shows while a client navigation loads it (the segment's loading.tsx): shaped like the page it
 * stands for. First loads never show them: the server sends the page with its data. Segments whose page can answer
 * 404 (records, settings) have none: a loading UI above a page starts the response with 200 before notFound() runs.
 */

/**
 * The skeleton fades in only after 400 ms: a fast navigation (and a first load, whose data streams in the same response
 * as this fallback) never flashes it; a slow one shows it.
 */
const FADE_IN = '@keyframes custos-skeleton-in{to{opacity:1}}';

function Loading({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div
      role="status"
      aria-label={label}
      className="flex flex-col gap-6 opacity-0"
      style={{ animation: 'custos-skeleton-in 150ms ease-out 400ms forwards' }}
      data-testid="page-skeleton"
    >
      <style href="custos-skeleton-in" precedence="default">
        {FADE_IN}
      </style>
      <span className="sr-only">{label}…</span>
      {children}
    </div>
  );
}

function HeaderSkeleton({ action = true }: { action?: boolean }) {
  return (
    <div aria-hidden="true" className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-3 w-20" />
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-80 max-w-full" />
      </div>
      {action ? <Skeleton className="h-9 w-28" /> : null}
    </div>
  );
}

/** A list page: heading, a filter row and a table of `columns` columns (cards on phones, like the tables). */
export function ListPageSkeleton({ label, columns = 4, rows = 8 }: { label: string; columns?: number; rows?: number }) {
  return (
    <Loading label={label}>
      <HeaderSkeleton />
      <Card aria-hidden="true" className="overflow-hidden">
        <div className="flex flex-wrap gap-2 border-b border-border p-3">
          <Skeleton className="h-9 w-64 max-w-full" />
          <Skeleton className="h-9 w-32" />
        </div>
        <div className="hidden gap-4 border-b border-border px-4 py-3 md:flex">
          {Array.from({ length: columns }, (_, i) => (
            <Skeleton key={i} className="h-3 flex-1" />
          ))}
        </div>
        <div className="divide-y divide-border">
          {Array.from({ length: rows }, (_, r) => (
            <div key={r} className="flex flex-col gap-2 px-4 py-3 md:flex-row md:items-center md:gap-4">
              {Array.from({ length: columns }, (_, c) => (
                <Skeleton key={c} className={c === 0 ? 'h-4 w-40 md:flex-1' : 'h-4 w-24 md:flex-1'} />
              ))}
            </div>
          ))}
        </div>
      </Card>
    </Loading>
  );
}

/** A matrix page (roles): heading and a grid of rows × columns of boxes. */
export function MatrixPageSkeleton({ label }: { label: string }) {
  return (
    <Loading label={label}>
      <HeaderSkeleton />
      <Card aria-hidden="true">
        <CardContent className="grid gap-3 pt-4">
          {Array.from({ length: 12 }, (_, r) => (
            <div key={r} className="flex items-center gap-4">
              <Skeleton className="h-4 w-40 shrink-0" />
              {Array.from({ length: 5 }, (_, c) => (
                <Skeleton key={c} className="size-4 shrink-0" />
              ))}
            </div>
          ))}
        </CardContent>
      </Card>
    </Loading>
  );
}

/** A record page: heading, a summary card and a card of details. */
export function DetailPageSkeleton({ label }: { label: string }) {
  return (
    <Loading label={label}>
      <HeaderSkeleton action={false} />
      {Array.from({ length: 2 }, (_, i) => (
        <Card key={i} aria-hidden="true">
          <CardHeader>
            <div className="flex flex-1 flex-col gap-1.5">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-3 w-64 max-w-full" />
            </div>
          </CardHeader>
          <CardContent className="grid gap-3 sm:grid-cols-2">
            {Array.from({ length: 4 }, (_, j) => (
              <Skeleton key={j} className="h-10 w-full" />
            ))}
          </CardContent>
        </Card>
      ))}
    </Loading>
  );
}
