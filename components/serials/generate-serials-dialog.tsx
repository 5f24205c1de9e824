'use client';

import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { placeServerErrors } from '@/components/quality/form';
import { api, ApiError, serialPaths, type SerialRules } from './api';
import { generateFormSchema, type GenerateFormValues } from './form-schemas';
import { whyNoSerials } from '@/lib/serials/policy';

export type SerialBatch = { id: string; batchNumber: string; gtin: string | null; status: string };

export type GenerateSerialsDialogProps = {
  tenant: string;
  batch: SerialBatch;
  rules: Pick<SerialRules, 'maxPerJob'>;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onStarted: (job: { jobId: string; count: number }) => void;
};

/** POST batches/{id}/serials {count}: starts a job on the server; the panel follows its progress. */
export function GenerateSerialsDialog({ tenant, batch, rules, open, onOpenChange, onStarted }: GenerateSerialsDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-md">
        {open ? <GenerateForm tenant={tenant} batch={batch} rules={rules} onStarted={onStarted} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function GenerateForm({ tenant, batch, rules, onStarted }: Omit<GenerateSerialsDialogProps, 'open' | 'onOpenChange'>) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  const schema = React.useMemo(() => generateFormSchema(rules), [rules]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<GenerateFormValues, unknown, { count: number }>({
    resolver: zodResolver(schema),
    mode: 'onTouched',
    defaultValues: { count: '' },
  });
  const blocked = whyNoSerials(batch);

  const onSubmit = handleSubmit(async ({ count }) => {
    setServerError(null);
    try {
      const { jobId } = await api<{ jobId: string }>(serialPaths.list(tenant, batch.id), { method: 'POST', json: { count } });
      onStarted({ jobId, count });
    } catch (error) {
      // 409 (no GTIN, rejected or recalled meanwhile) carries the server's own explanation.
      setServerError(error instanceof ApiError && error.status === 409 ? error.message : placeServerErrors(error, setError));
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Generate serials</DialogTitle>
        <DialogDescription>
          Random 12-character serials for batch <span className="font-mono">{batch.batchNumber}</span>
          {batch.gtin ? (
            <>
              {' '}
              under GTIN <span className="font-mono">{batch.gtin}</span>
            </>
          ) : null}
          . The job runs on the server: you may leave this page and come back to its progress.
        </DialogDescription>
      </DialogHeader>
      {blocked ? (
        <Alert tone="warning" title="Serials cannot be generated for this batch" data-testid="generate-blocked">
          {blocked}
        </Alert>
      ) : null}
      {serverError ? (
        <Alert tone="danger" role="alert" title="The serials were not generated" data-testid="generate-error">
          {serverError}
        </Alert>
      ) : null}
      <FormField
        label="Number of serials"
        error={errors.count?.message}
        description={`From 1 to ${rules.maxPerJob.toLocaleString('en')} in one job; each is unique for the GTIN.`}
      >
        <Input
          inputMode="numeric"
          autoComplete="off"
          placeholder="e.g. 25,000"
          className="tabular-nums"
          disabled={Boolean(blocked)}
          {...register('count')}
        />
      </FormField>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={isSubmitting} disabled={Boolean(blocked)}>
          Generate
        </Button>
      </DialogFooter>
    </form>
  );
}
