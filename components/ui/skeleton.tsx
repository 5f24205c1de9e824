import * as React from 'react';
import { cn } from './cn';

/** A placeholder block while content loads. Wrap a group of them in an element with `role="status"`, `aria-busy` and a label (an aria-label needs a role). */
export function Skeleton({ className, ...props }: React.ComponentProps<'div'>) {
  return <div data-slot="skeleton" aria-hidden="true" className={cn('animate-pulse rounded-md bg-muted', className)} {...props} />;
}
