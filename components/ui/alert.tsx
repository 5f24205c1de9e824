import * as React from 'react';
import { cva, type VariantProps } from 'class-variance-authority';
import { CircleAlert, CircleCheck, Info, TriangleAlert } from 'lucide-react';
import { cn } from './cn';

const alertVariants = cva('flex gap-2.5 rounded-lg border px-3 py-2.5 text-[13px] [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0', {
  variants: {
    tone: {
      info: 'border-info/25 bg-info/8 [&>svg]:text-info',
      success: 'border-success/25 bg-success/8 [&>svg]:text-success',
      warning: 'border-warning/30 bg-warning/8 [&>svg]:text-warning',
      danger: 'border-danger/30 bg-danger/8 [&>svg]:text-danger',
    },
  },
  defaultVariants: { tone: 'info' },
});

const icons = { info: Info, success: CircleCheck, warning: TriangleAlert, danger: CircleAlert } as const;

export type AlertProps = React.ComponentProps<'div'> &
  VariantProps<typeof alertVariants> & {
    title?: React.ReactNode;
  };

/** An inline message box. Pass role="alert" when it appears in response to an action (form errors). */
export function Alert({ className, tone, title, children, ...props }: AlertProps) {
  const Icon = icons[tone ?? 'info'];
  return (
    <div data-slot="alert" className={cn(alertVariants({ tone }), className)} {...props}>
      <Icon aria-hidden="true" />
      <div className="grid gap-0.5 text-foreground">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className={cn(title && 'text-muted-foreground')}>{children}</div> : null}
      </div>
    </div>
  );
}
