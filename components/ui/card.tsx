import * as React from 'react';
import { cn } from './cn';

/**
 * A card (shadcn/ui's anatomy): CardHeader (CardTitle, CardDescription, CardAction), CardContent, CardFooter. Cards
 * group one topic; a page stacks them with `gap-6` (grids of cards `gap-4`, with `min-w-0` items so a wide table
 * inside cannot widen the page). Actions in a CardAction are `size="sm"` (icon + label), at most one `primary`.
 */
export function Card({ className, ...props }: React.ComponentProps<'div'>) {
  return (
    <div
      data-slot="card"
      className={cn('flex flex-col rounded-lg border border-border bg-card text-card-foreground shadow-xs', className)}
      {...props}
    />
  );
}

export function CardHeader({ className, ...props }: React.ComponentProps<'div'>) {
  return <div data-slot="card-header" className={cn('flex items-start gap-3 px-4 pt-4 pb-3', className)} {...props} />;
}

export function CardTitle({ className, as: Tag = 'h2', ...props }: React.ComponentProps<'h2'> & { as?: 'h2' | 'h3' | 'h4' }) {
  return <Tag data-slot="card-title" className={cn('text-sm leading-5 font-semibold tracking-tight', className)} {...props} />;
}

export function CardDescription({ className, ...props }: React.ComponentProps<'p'>) {
  return <p data-slot="card-description" className={cn('text-[13px] text-muted-foreground', className)} {...props} />;
}

/** Right-aligned slot in a CardHeader (a link or a `size="sm"` button). */
export function CardAction({ className, ...props }: React.ComponentProps<'div'>) {
  return <div data-slot="card-action" className={cn('ml-auto flex shrink-0 items-center gap-2', className)} {...props} />;
}

export function CardContent({ className, ...props }: React.ComponentProps<'div'>) {
  return <div data-slot="card-content" className={cn('px-4 pb-4', className)} {...props} />;
}

export function CardFooter({ className, ...props }: React.ComponentProps<'div'>) {
  return (
    <div
      data-slot="card-footer"
      className={cn('flex items-center gap-2 border-t border-border px-4 py-3 text-[13px] text-muted-foreground', className)}
      {...props}
    />
  );
}
