import * as React from 'react';
import { Slot } from 'radix-ui';
import { cva, type VariantProps } from 'class-variance-authority';
import { LoaderCircle } from 'lucide-react';
import { cn } from './cn';

export const buttonVariants = cva(
  [
    'inline-flex shrink-0 items-center justify-center gap-1.5 whitespace-nowrap rounded-md text-sm font-medium select-none',
    'transition-[color,background-color,border-color,box-shadow] duration-100',
    'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
    'disabled:pointer-events-none disabled:opacity-50 aria-disabled:pointer-events-none aria-disabled:opacity-50',
    '[&_svg]:pointer-events-none [&_svg]:size-4 [&_svg]:shrink-0',
  ],
  {
    variants: {
      variant: {
        primary: 'bg-primary text-primary-foreground shadow-xs hover:bg-primary-hover',
        secondary: 'border border-border bg-card text-foreground shadow-xs hover:bg-accent',
        ghost: 'text-foreground hover:bg-accent hover:text-accent-foreground',
        subtle: 'bg-secondary text-secondary-foreground hover:bg-accent',
        destructive: 'bg-destructive text-destructive-foreground shadow-xs hover:bg-destructive-hover',
        link: 'h-auto px-0 text-link underline-offset-4 hover:underline',
      },
      size: {
        sm: 'h-7 px-2.5 text-[13px] [&_svg]:size-3.5',
        md: 'h-8 px-3',
        lg: 'h-10 px-4',
        icon: 'size-8',
        'icon-sm': 'size-7 [&_svg]:size-3.5',
      },
    },
    compoundVariants: [{ variant: 'link', className: 'h-auto px-0' }],
    defaultVariants: { variant: 'secondary', size: 'md' },
  },
);

export type ButtonProps = React.ComponentProps<'button'> &
  VariantProps<typeof buttonVariants> & {
    /** Render the single child (a link, say) with the button's look instead of a <button>. */
    asChild?: boolean;
    /** Show a spinner and disable the button; the label stays so the width does not jump. */
    pending?: boolean;
  };

/**
 * Buttons, ranked as in shadcn/ui's examples. The rank says how important the action is, the same on every page:
 *
 * - `primary` (solid accent): the ONE main create or confirm action of a page, card or dialog: "New site", "New team",
 *   "New batch", "Invite", "Create key", "Save", "Sign". A page header has at most one; an empty state's next step
 *   repeats it (same words, `size="sm"`). Never two solid buttons side by side.
 * - `secondary` (outlined, the default): every other action: Cancel, Export, Edit, Clear filters, Load more.
 * - `destructive` (solid red): only the confirm button of a destructive or irreversible dialog ("Delete team",
 *   "Revoke key", "Sign and reject"). The button that opens that dialog stays `secondary` (or `ghost` in a row).
 * - `ghost`: quiet row actions and icon buttons in toolbars; `subtle` for toggles; `link` for "Try again" inside text.
 *
 * Sizes: `md` in page headers and dialog footers; `sm` in card headers (icon + label), table rows and empty states;
 * `icon`/`icon-sm` for icon-only buttons, which must get an `aria-label` that starts with their tooltip or meaning.
 * A visible label and an aria-label must agree: the aria-label starts with the visible text (axe
 * label-content-name-mismatch), e.g. visible "Revoke", aria-label "Revoke Chrome on Linux". Sub-labels inside a
 * coloured button keep the button's text colour (no `opacity-*` or muted colour: contrast 4.5:1).
 */
export function Button({ className, variant, size, asChild = false, pending = false, disabled, children, ...props }: ButtonProps) {
  const classes = cn(buttonVariants({ variant, size }), className);
  if (asChild) {
    return (
      <Slot.Root data-slot="button" data-variant={variant ?? 'secondary'} className={classes} {...props}>
        {children}
      </Slot.Root>
    );
  }
  return (
    <button
      data-slot="button"
      data-variant={variant ?? 'secondary'}
      type="button"
      className={classes}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      {...props}
    >
      {pending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
