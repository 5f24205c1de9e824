'use client';

import * as React from 'react';
import { Slot } from 'radix-ui';
import { CircleAlert } from 'lucide-react';
import { cn } from './cn';
import { Label } from './label';

export type FormFieldProps = {
  label: React.ReactNode;
  /** The control: an <Input>, <Textarea>, <select>… It receives id, aria-describedby and aria-invalid. */
  children: React.ReactElement;
  /** The message from the zod schema (react-hook-form's `errors.x?.message`). */
  error?: string;
  /** Help under the label, always shown. */
  description?: React.ReactNode;
  /** Something to the right of the label, such as a "Forgot password?" link. */
  labelAside?: React.ReactNode;
  /** Marks the field "Optional" next to its label (fields are required unless they say so). */
  optional?: boolean;
  /** The control's id; generated when omitted. */
  id?: string;
  className?: string;
};

/**
 * A labelled form control with its description and inline error. The error is tied to the control
 * with aria-describedby and aria-invalid, so screen readers read it with the field.
 */
export function FormField({ label, children, error, description, labelAside, optional, id, className }: FormFieldProps) {
  const generated = React.useId();
  const controlId = id ?? `field-${generated}`;
  const descriptionId = description ? `${controlId}-description` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;

  return (
    <div data-slot="form-field" data-invalid={error ? '' : undefined} className={cn('grid gap-1.5', className)}>
      <div className="flex min-h-5 items-baseline justify-between gap-2">
        <Label htmlFor={controlId}>
          {label}
          {optional ? <span className="ml-1.5 font-normal text-muted-foreground">Optional</span> : null}
        </Label>
        {labelAside ? <div className="text-[13px]">{labelAside}</div> : null}
      </div>
      {description ? (
        <p id={descriptionId} className="-mt-0.5 text-xs text-muted-foreground">
          {description}
        </p>
      ) : null}
      <Slot.Root id={controlId} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
        {children}
      </Slot.Root>
      {error ? <FieldError id={errorId}>{error}</FieldError> : null}
    </div>
  );
}

export function FieldError({ className, children, ...props }: React.ComponentProps<'p'>) {
  return (
    <p data-slot="field-error" className={cn('flex items-start gap-1.5 text-xs text-danger', className)} {...props}>
      <CircleAlert aria-hidden="true" className="mt-px size-3.5 shrink-0" />
      <span>{children}</span>
    </p>
  );
}
