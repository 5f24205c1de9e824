import * as React from 'react';
import { cn } from './cn';

export type PageHeaderProps = {
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Small text above the title (a section name or breadcrumb). */
  eyebrow?: React.ReactNode;
  /** Badges shown right of the title. */
  meta?: React.ReactNode;
  /** Page actions on the right: the one `primary` action last, `secondary` ones before it. */
  actions?: React.ReactNode;
  className?: string;
};

/**
 * The top of every console page: one h1, an optional line of description, and the page's actions on the right (on
 * phones, below the title, wrapping). Rules:
 * - `actions` holds the page's main action as the one `primary` button, last; other page actions (Export, Discard)
 *   are `secondary` before it. Row and card actions do not go here.
 * - The page itself is `flex flex-col gap-6` with the PageHeader first; cards are components/ui/card.
 * - Titles and descriptions wrap on small screens (long batch numbers and names never push the page sideways).
 */
export function PageHeader({ title, description, eyebrow, meta, actions, className }: PageHeaderProps) {
  return (
    <header data-slot="page-header" className={cn('flex min-w-0 flex-col gap-3 sm:flex-row sm:items-end sm:justify-between', className)}>
      <div className="flex min-w-0 flex-col gap-1">
        {eyebrow ? <div className="min-w-0 text-xs font-medium text-muted-foreground">{eyebrow}</div> : null}
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <h1 className="min-w-0 text-xl font-semibold tracking-tight break-words text-foreground">{title}</h1>
          {meta}
        </div>
        {description ? <p className="max-w-2xl text-[13px] break-words text-muted-foreground">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2 sm:shrink-0 sm:justify-end">{actions}</div> : null}
    </header>
  );
}
