import * as React from 'react';
import { cn } from './cn';

/** A placeholder block while content loads. Wrap a group of them in an element with `role="status"`, `aria-busy` and a label (an aria-label needs a role). */
export function Skeleton({ className, ...props }: React.ComponentProps<'div'>) {
  return <div data-slot="skeleton" aria-hidden="true" className={cn('animate-pulse rounded-md bg-muted', className)} {...props} />;
}

/** The same placeholder inline, for inside a paragraph or a label (a `<div>` is not allowed there). */
export function InlineSkeleton({ className, ...props }: React.ComponentProps<'span'>) {
  return (
    <span data-slot="skeleton" aria-hidden="true" className={cn('inline-block animate-pulse rounded-md bg-muted', className)} {...props} />
  );
}
