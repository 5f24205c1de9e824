import { RotateCw } from 'lucide-react';
import { Alert } from './alert';
import { Button } from './button';
import { cn } from './cn';
import { Skeleton } from './skeleton';

/**
 * Placeholder rows while a list loads: `rows` lines of skeleton cells shaped like the table's columns
 * (`cells`: the class names of each cell, e.g. `'h-4 w-48'`, `'hidden h-4 w-24 sm:block'`), announced to
 * screen readers as `label` (a live `status` region: an aria-label needs a role).
 */
export function ListSkeleton({ label, cells, rows = 5, className }: { label: string; cells: string[]; rows?: number; className?: string }) {
  return (
    <div role="status" aria-busy="true" aria-label={label} className={cn('grid gap-3 p-4', className)}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-4">
          {cells.map((cell, j) => (
            <Skeleton key={j} className={cell} />
          ))}
        </div>
      ))}
      <span className="sr-only">{label}…</span>
    </div>
  );
}

type Pages = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };

/** The next page of a cursor list (TanStack `useInfiniteQuery`), or nothing when there is none. */
export function LoadMore({
  pages,
  label = 'Load more',
  size,
  className,
}: {
  pages: Pages;
  label?: string;
  size?: 'sm' | 'md';
  className?: string;
}) {
  if (!pages.hasNextPage) return null;
  return (
    <div className={cn('flex justify-center', className)}>
      <Button size={size} onClick={() => void pages.fetchNextPage()} pending={pages.isFetchingNextPage}>
        {label}
      </Button>
    </div>
  );
}

type Refetchable = { error: Error | null; isFetching: boolean; refetch: () => Promise<unknown> };

/** A query that failed (TanStack `useQuery`/`useInfiniteQuery`): its message and a "Try again" that refetches. */
export function LoadFailed({ title, query, className }: { title: string; query: Refetchable; className?: string }) {
  return (
    <Alert tone="danger" role="alert" title={title} className={className}>
      <span>{query.error?.message} </span>
      <Button variant="link" size="sm" className="align-baseline" onClick={() => void query.refetch()} pending={query.isFetching}>
        <RotateCw aria-hidden="true" />
        Try again
      </Button>
    </Alert>
  );
}
