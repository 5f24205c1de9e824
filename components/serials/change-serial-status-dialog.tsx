'use client';

import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { cn } from '@/components/ui/cn';
import { toast } from '@/components/ui/toast';
import { placeServerErrors } from '@/components/quality/form';
import { api, ApiError, serialPaths, type SerialRules, type SerialStatus } from './api';
import { changeStatusFormSchema, type ChangeStatusFormValues } from './form-schemas';
import { serialCount } from './serial-status';
import { SERIAL_STATUS_HINT, SERIAL_STATUS_LABEL } from '@/lib/serials/labels';
import { serialTargetsFor } from '@/lib/serials/policy';

/** What to move: listed serials with their current status, or a range of the batch's serials in serial order. */
export type SerialSelection =
  { kind: 'list'; serials: Array<{ serial: string; status: SerialStatus }> } | { kind: 'range'; from?: string; to?: string };

/** The statuses the selection may move to (lib/serials/policy.ts). */
export function targetsFor(selection: SerialSelection): SerialStatus[] {
  return serialTargetsFor(selection.kind === 'range' ? 'range' : selection.serials.map((s) => s.status));
}

export type ChangeSerialStatusDialogProps = {
  tenant: string;
  batchId: string;
  rules: SerialRules;
  /** null: closed. */
  selection: SerialSelection | null;
  onOpenChange: (open: boolean) => void;
  onChanged: (result: { to: SerialStatus; count: number }) => void;
};

/** POST batches/{id}/serials/status {to, reason, serials | range}: all or nothing, with a reason for the audit trail. */
export function ChangeSerialStatusDialog({ selection, onOpenChange, ...props }: ChangeSerialStatusDialogProps) {
  return (
    <Dialog open={selection !== null} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">{selection ? <ChangeStatusForm selection={selection} {...props} /> : null}</DialogContent>
    </Dialog>
  );
}

const fieldOf = (path: string) =>
  path === 'range.from' ? 'from' : path === 'range.to' || path === 'range' ? 'until' : path === 'to' || path === 'reason' ? path : null;

function ChangeStatusForm({
  tenant,
  batchId,
  rules,
  selection,
  onChanged,
}: Omit<ChangeSerialStatusDialogProps, 'selection' | 'onOpenChange'> & { selection: SerialSelection }) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  const schema = React.useMemo(() => changeStatusFormSchema(rules, selection.kind), [rules, selection.kind]);
  const targets = targetsFor(selection);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ChangeStatusFormValues>({
    resolver: zodResolver(schema) as never,
    mode: 'onTouched',
    defaultValues: {
      to: targets.length === 1 ? targets[0] : '',
      reason: '',
      from: selection.kind === 'range' ? (selection.from ?? '') : '',
      until: selection.kind === 'range' ? (selection.to ?? '') : '',
    },
  });

  const listed = selection.kind === 'list' ? selection.serials : [];
  const current = [...new Set(listed.map((s) => s.status))];
  const tooMany = listed.length > rules.maxPerList;

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    const body = {
      to: values.to,
      reason: values.reason.trim(),
      ...(selection.kind === 'list'
        ? { serials: listed.map((s) => s.serial) }
        : { range: { from: values.from.trim().toUpperCase(), to: values.until.trim().toUpperCase() } }),
    };
    try {
      const result = await api<{ to: SerialStatus; count: number }>(serialPaths.status(tenant, batchId), { method: 'POST', json: body });
      toast({ tone: 'success', title: `${serialCount(result.count)} moved to ${SERIAL_STATUS_LABEL[result.to].toLowerCase()}` });
      onChanged(result);
    } catch (error) {
      // 409 invalid_transition names the states that block; a 400 about `serials` has no field here: said above the form.
      if (error instanceof ApiError && error.status === 409) return setServerError(error.message);
      const left = placeServerErrors(error, setError, fieldOf);
      setServerError(left && error instanceof ApiError && error.errors.length > 0 ? error.errors.map((e) => e.message).join(' ') : left);
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Change serial status</DialogTitle>
        <DialogDescription>
          {selection.kind === 'list'
            ? `${serialCount(listed.length)} selected, now ${current.map((s) => SERIAL_STATUS_LABEL[s].toLowerCase()).join(', ')}.`
            : 'Every serial of this batch from the first to the last serial given (both included, in A–Z order).'}{' '}
          All of them move or none does; the reason goes to the audit trail.
        </DialogDescription>
      </DialogHeader>
      {serverError ? (
        <Alert tone="danger" role="alert" title="The serials were not moved" data-testid="status-error">
          {serverError}
        </Alert>
      ) : null}
      {tooMany ? (
        <Alert tone="warning" title={`At most ${rules.maxPerList.toLocaleString('en')} serials by list`}>
          Use a range for more.
        </Alert>
      ) : null}
      {selection.kind === 'range' ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="First serial" error={errors.from?.message}>
            <Input autoComplete="off" spellCheck={false} maxLength={12} className="font-mono uppercase" {...register('from')} />
          </FormField>
          <FormField label="Last serial" error={errors.until?.message}>
            <Input autoComplete="off" spellCheck={false} maxLength={12} className="font-mono uppercase" {...register('until')} />
          </FormField>
        </div>
      ) : null}
      {targets.length === 0 ? (
        <Alert tone="warning" title="No common next status">
          The selected serials cannot move anywhere together: dispensed, sampled and destroyed are final, and the others have different next
          steps. Select serials of one status.
        </Alert>
      ) : (
        <FormField label="New status" error={errors.to?.message}>
          <select className={cn(controlClasses, 'h-8')} {...register('to')}>
            <option value="">Choose a status</option>
            {targets.map((s) => (
              <option key={s} value={s}>
                {SERIAL_STATUS_LABEL[s]} — {SERIAL_STATUS_HINT[s]}
              </option>
            ))}
          </select>
        </FormField>
      )}
      <FormField
        label="Reason"
        error={errors.reason?.message}
        description="Why the serials change status, e.g. the shipment or the deviation number."
      >
        <Textarea rows={3} {...register('reason')} />
      </FormField>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={isSubmitting} disabled={targets.length === 0 || tooMany}>
          Change status
        </Button>
      </DialogFooter>
    </form>
  );
}
