import * as React from 'react';
import { cva, type VariantProps } from 'class-variance-authority';
import { cn } from './cn';

export const badgeVariants = cva(
  'inline-flex w-fit shrink-0 items-center gap-1.5 rounded-full border px-2 py-px text-xs leading-[1.125rem] font-medium whitespace-nowrap [&_svg]:size-3',
  {
    variants: {
      tone: {
        neutral: 'border-border bg-muted text-muted-foreground',
        accent: 'border-primary/25 bg-primary/10 text-link',
        success: 'border-success/25 bg-success/10 text-success',
        warning: 'border-warning/30 bg-warning/10 text-warning',
        danger: 'border-danger/25 bg-danger/10 text-danger',
        info: 'border-info/25 bg-info/10 text-info',
      },
    },
    defaultVariants: { tone: 'neutral' },
  },
);

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>['tone']>;

export type BadgeProps = Omit<React.ComponentProps<'span'>, 'children'> &
  VariantProps<typeof badgeVariants> & {
    /** The word. Required: a badge never relies on color alone. */
    children: React.ReactNode;
    /** A small dot in the tone's color before the word. */
    dot?: boolean;
  };

export function Badge({ className, tone, dot = false, children, ...props }: BadgeProps) {
  return (
    <span data-slot="badge" className={cn(badgeVariants({ tone }), className)} {...props}>
      {dot ? <span aria-hidden="true" className="size-1.5 rounded-full bg-current" /> : null}
      {children}
    </span>
  );
}

/** Known statuses across Custos and how they read. Unknown ones fall back to a neutral badge with the status as words. */
const STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  active: { tone: 'success', label: 'Active' },
  suspended: { tone: 'danger', label: 'Suspended' },
  disabled: { tone: 'neutral', label: 'Disabled' },
  pending: { tone: 'warning', label: 'Pending' },
  invited: { tone: 'info', label: 'Invited' },
  accepted: { tone: 'success', label: 'Accepted' },
  expired: { tone: 'neutral', label: 'Expired' },
  revoked: { tone: 'neutral', label: 'Revoked' },
  removed: { tone: 'neutral', label: 'Removed' },
  draft: { tone: 'neutral', label: 'Draft' },
  planned: { tone: 'neutral', label: 'Planned' },
  in_progress: { tone: 'info', label: 'In progress' },
  in_review: { tone: 'warning', label: 'In review' },
  awaiting_review: { tone: 'warning', label: 'Awaiting review' },
  quarantined: { tone: 'warning', label: 'Quarantined' },
  on_hold: { tone: 'warning', label: 'On hold' },
  released: { tone: 'success', label: 'Released' },
  approved: { tone: 'success', label: 'Approved' },
  passed: { tone: 'success', label: 'Passed' },
  pass: { tone: 'success', label: 'Pass' },
  failed: { tone: 'danger', label: 'Failed' },
  fail: { tone: 'danger', label: 'Fail' },
  rejected: { tone: 'danger', label: 'Rejected' },
  cancelled: { tone: 'neutral', label: 'Cancelled' },
  running: { tone: 'info', label: 'Running' },
  queued: { tone: 'neutral', label: 'Queued' },
  completed: { tone: 'success', label: 'Completed' },
};

function humanize(status: string): string {
  const words = status.replace(/[_-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Unknown';
}

export type StatusBadgeProps = Omit<BadgeProps, 'children' | 'tone'> & {
  status: string;
  /** Override the word shown (defaults to the status in words). */
  label?: string;
  tone?: BadgeTone;
};

/** A status as a colored badge with its word and a dot: `<StatusBadge status="suspended" />`. */
export function StatusBadge({ status, label, tone, dot = true, ...props }: StatusBadgeProps) {
  const known = STATUS[status];
  return (
    <Badge tone={tone ?? known?.tone ?? 'neutral'} dot={dot} data-status={status} {...props}>
      {label ?? known?.label ?? humanize(status)}
    </Badge>
  );
}
