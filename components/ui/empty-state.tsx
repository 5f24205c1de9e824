import * as React from 'react';
import { cn } from './cn';

export type EmptyStateProps = {
  /** A lucide icon element, e.g. `<Inbox />`. */
  icon?: React.ReactNode;
  title: React.ReactNode;
  /** What this place will hold and what to do next. */
  children?: React.ReactNode;
  /**
   * The next step: the page's main action again (same words as the header button, `variant="primary" size="sm"`),
   * or, when filters emptied the list, a `secondary` "Clear filters". Leave it out when the person may not act.
   */
  action?: React.ReactNode;
  /** `compact` for inside cards, `default` for a whole page or table. */
  size?: 'default' | 'compact';
  /** Heading level of the title (h2 on a page, h3 inside a card). */
  headingLevel?: 'h2' | 'h3' | 'h4';
  className?: string;
};

/**
 * What an empty list or page shows: icon, a title that says what is missing ("No teams yet", "No batch matches"),
 * one line on what to do next, and the action. Every list has one; tables put it in place of their rows (headingLevel
 * h3 inside a card, size compact inside a card section).
 */
export function EmptyState({ icon, title, children, action, size = 'default', headingLevel = 'h2', className }: EmptyStateProps) {
  const Heading = headingLevel;
  const compact = size === 'compact';
  return (
    <div
      data-slot="empty-state"
      className={cn(
        'flex flex-col items-center justify-center text-center',
        compact ? 'gap-2 px-4 py-6' : 'gap-3 rounded-lg border border-dashed border-border px-6 py-12',
        className,
      )}
    >
      {icon ? (
        <div
          aria-hidden="true"
          className={cn(
            'flex items-center justify-center rounded-lg border border-border bg-muted text-muted-foreground',
            compact ? 'size-9 [&_svg]:size-4' : 'size-11 [&_svg]:size-5',
          )}
        >
          {icon}
        </div>
      ) : null}
      <div className={cn('flex max-w-sm flex-col', compact ? 'gap-1' : 'gap-1.5')}>
        <Heading className={cn('font-semibold tracking-tight text-foreground', compact ? 'text-[13px]' : 'text-sm')}>{title}</Heading>
        {children ? <div className={cn('text-muted-foreground', compact ? 'text-xs' : 'text-[13px]')}>{children}</div> : null}
      </div>
      {action ? <div className="mt-1 flex flex-wrap items-center justify-center gap-2">{action}</div> : null}
    </div>
  );
}
