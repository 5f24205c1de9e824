'use client';

import * as React from 'react';
import { CircleCheck, Clock, Link2Off, MailCheck, type LucideIcon } from 'lucide-react';
import { cn } from '@/components/ui/cn';

const TONES = {
  success: { icon: CircleCheck, classes: 'border-success/25 bg-success/10 text-success' },
  mail: { icon: MailCheck, classes: 'border-primary/25 bg-primary/10 text-link' },
  expired: { icon: Clock, classes: 'border-warning/30 bg-warning/10 text-warning' },
  invalid: { icon: Link2Off, classes: 'border-danger/25 bg-danger/10 text-danger' },
} satisfies Record<string, { icon: LucideIcon; classes: string }>;

export type AuthStatusProps = {
  tone: keyof typeof TONES;
  title: string;
  children: React.ReactNode;
  /** The next step(s): buttons or links. */
  actions?: React.ReactNode;
  /** Move focus to the title when shown (after a form was submitted), so it is announced. */
  focusOnMount?: boolean;
  className?: string;
};

/** The outcome of an account step: an icon, a heading, what happened and the one right next step. */
export function AuthStatus({ tone, title, children, actions, focusOnMount = false, className }: AuthStatusProps) {
  const heading = React.useRef<HTMLHeadingElement>(null);
  React.useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);
  const { icon: Icon, classes } = TONES[tone];
  return (
    <div className={cn('flex flex-col items-center gap-3 text-center', className)}>
      <div aria-hidden="true" className={cn('flex size-11 items-center justify-center rounded-full border', classes)}>
        <Icon className="size-5" />
      </div>
      <h1 ref={heading} tabIndex={-1} className="text-lg font-semibold tracking-tight outline-none">
        {title}
      </h1>
      <div className="grid gap-2 text-[13px] text-muted-foreground">{children}</div>
      {actions ? <div className="mt-2 flex w-full flex-col gap-2">{actions}</div> : null}
    </div>
  );
}
