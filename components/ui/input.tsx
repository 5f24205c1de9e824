import * as React from 'react';
import { cn } from './cn';

export const controlClasses = cn(
  'w-full min-w-0 rounded-md border border-input bg-card px-2.5 text-sm text-foreground shadow-xs',
  'placeholder:text-muted-foreground/80 transition-[border-color,box-shadow] duration-100',
  'focus-visible:border-ring focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/25',
  'disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-60',
  'aria-invalid:border-danger aria-invalid:focus-visible:ring-danger/25',
);

export function Input({ className, type = 'text', ...props }: React.ComponentProps<'input'>) {
  return (
    <input
      data-slot="input"
      type={type}
      className={cn(
        controlClasses,
        'h-8 py-1 file:mr-2 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground',
        className,
      )}
      {...props}
    />
  );
}
