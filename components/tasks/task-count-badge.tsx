import { AlertTriangle } from 'lucide-react';

/**
 * Beside "Tasks" in the sidebar: how many open tasks are assigned to me, and how many of them are overdue (an icon
 * and words for screen readers as well as the colour). Nothing when there are none.
 */
export function TaskCountBadge({ counts }: { counts: { open: number; overdue: number } | null | undefined }) {
  if (!counts || counts.open === 0) return null;
  return (
    <span className="ml-auto flex items-center gap-1" data-testid="sidebar-task-count">
      {counts.overdue > 0 ? (
        <span
          className="inline-flex items-center gap-0.5 rounded-full border border-danger/25 bg-danger/10 px-1.5 text-[11px] leading-4 font-medium text-danger"
          title={`${counts.overdue} overdue`}
        >
          <AlertTriangle aria-hidden="true" className="size-3" />
          {counts.overdue}
          <span className="sr-only"> overdue,</span>
        </span>
      ) : null}
      <span className="rounded-full border border-border bg-muted px-1.5 text-[11px] leading-4 font-medium text-muted-foreground">
        {counts.open}
        <span className="sr-only"> open</span>
      </span>
    </span>
  );
}
