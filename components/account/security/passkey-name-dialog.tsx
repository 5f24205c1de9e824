'use client';

import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { PASSKEY_NAME_MAX } from '@/lib/auth/mfa/policy';

const nameForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Name the passkey, for example “Work laptop”.')
    .max(PASSKEY_NAME_MAX, `At most ${PASSKEY_NAME_MAX} characters.`),
});

/**
 * Name a passkey (a new one, or renaming): one field, starting at `initialName` (give the dialog a `key` per passkey so it starts afresh); the server's answer lands on it or above it. `submit` answers null
 * when done, or the error (with the field's message when the name was refused).
 */
export function PasskeyNameDialog({
  open,
  title,
  description,
  initialName,
  submitLabel,
  pendingLabel,
  submit,
  onClose,
}: {
  open: boolean;
  title: string;
  description: string;
  initialName: string;
  submitLabel: string;
  pendingLabel: string;
  submit: (name: string) => Promise<{ error: string; nameError?: string } | null>;
  onClose: () => void;
}) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.infer<typeof nameForm>>({ resolver: zodResolver(nameForm), defaultValues: { name: initialName } });

  const onSubmit = handleSubmit(async ({ name }) => {
    setServerError(null);
    const failed = await submit(name);
    if (!failed) return;
    if (failed.nameError) setError('name', { type: 'server', message: failed.nameError }, { shouldFocus: true });
    else setServerError(failed.error);
  });

  return (
    <Dialog open={open} onOpenChange={(next) => (!next && !isSubmitting ? onClose() : undefined)}>
      <DialogContent className="max-w-md">
        <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          <FormError message={serverError} />
          <FormField label="Name" error={errors.name?.message}>
            <Input className="h-9" autoComplete="off" {...register('name')} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={isSubmitting}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" pending={isSubmitting}>
              {isSubmitting ? pendingLabel : submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
