import * as React from 'react';
import { cn } from './cn';

export type PageHeaderProps = {
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Small text above the title (a section name or breadcrumb). */
  eyebrow?: React.ReactNode;
  /** Badges shown right of the title. */
  meta?: React.ReactNode;
  /** Page actions on the right (the primary action last). */
  actions?: React.ReactNode;
  className?: string;
};

/** The top of every console page: one h1, an optional line of description, actions on the right. */
export function PageHeader({ title, description, eyebrow, meta, actions, className }: PageHeaderProps) {
  return (
    <header data-slot="page-header" className={cn('flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between', className)}>
      <div className="flex min-w-0 flex-col gap-1">
        {eyebrow ? <div className="text-xs font-medium text-muted-foreground">{eyebrow}</div> : null}
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="truncate text-xl font-semibold tracking-tight text-foreground">{title}</h1>
          {meta}
        </div>
        {description ? <p className="max-w-2xl text-[13px] text-muted-foreground">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </header>
  );
}
