'use client';

import * as React from 'react';
import { useForm } from 'react-hook-form';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { api, fetchAllPages, keys, paths, type BatchDetailView, type SiteView } from './api';
import { blankToNull, bodyResolver, numberOf, placeServerErrors, preloadQualitySchemas } from './form';

type BatchFormValues = {
  batchNumber: string;
  productName: string;
  gtin: string;
  siteId: string;
  plannedQuantity: string;
  expiresOn: string;
};

const blankToUndefined = (text: string) => (text.trim() ? text : undefined);
const bodyOf = (v: BatchFormValues) => ({
  batchNumber: blankToUndefined(v.batchNumber.trim()),
  productName: blankToUndefined(v.productName),
  gtin: blankToNull(v.gtin),
  siteId: blankToUndefined(v.siteId),
  plannedQuantity: numberOf(v.plannedQuantity),
  expiresOn: blankToUndefined(v.expiresOn),
});
// The very schema the API checks (createBatchSchema): the GTIN's GS1 check digit is validated as you type.
const checkBody = bodyResolver<BatchFormValues>((m) => m.createBatchSchema, bodyOf);
const resolver: typeof checkBody = async (values, context, options) => {
  const result = await checkBody(values, context, options);
  if (result.errors.siteId && !values.siteId) result.errors.siteId = { type: 'required', message: 'Choose a site.' };
  return result;
};

export type NewBatchDialogProps = {
  tenant: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (batch: BatchDetailView) => void;
};

/** Plan a batch on an active site: batch number (GS1 lot), product, optional GTIN-14, planned quantity, expiry. */
export function NewBatchDialog({ tenant, open, onOpenChange, onCreated }: NewBatchDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">{open ? <BatchForm tenant={tenant} onCreated={onCreated} /> : null}</DialogContent>
    </Dialog>
  );
}

function BatchForm({ tenant, onCreated }: { tenant: string; onCreated: (batch: BatchDetailView) => void }) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  React.useEffect(preloadQualitySchemas, []);
  const sites = useQuery({
    queryKey: [...keys.sites(tenant), 'active-all'],
    queryFn: () => fetchAllPages<SiteView>(`${paths.sites(tenant)}?active=true`),
  });
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<BatchFormValues>({
    resolver,
    mode: 'onTouched',
    defaultValues: { batchNumber: '', productName: '', gtin: '', siteId: '', plannedQuantity: '', expiresOn: '' },
  });
  React.useEffect(() => {
    if (sites.data?.length === 1 && !getValues('siteId')) setValue('siteId', sites.data[0].id);
  }, [sites.data, getValues, setValue]);

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const batch = await api<BatchDetailView>(paths.batches(tenant), { method: 'POST', json: bodyOf(values) });
      toast({ tone: 'success', title: `Batch ${batch.batchNumber} planned`, description: `${batch.productName} at ${batch.site.code}.` });
      onCreated(batch);
    } catch (error) {
      setServerError(placeServerErrors(error, setError));
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>New batch</DialogTitle>
        <DialogDescription>The batch starts as planned. Its record is never deleted; later corrections need a reason.</DialogDescription>
      </DialogHeader>
      {serverError ? <Alert tone="danger" role="alert" title={serverError} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Batch number" error={errors.batchNumber?.message} description="The lot, GS1 AI (10): up to 20 characters.">
          <Input autoComplete="off" className="font-mono" {...register('batchNumber')} />
        </FormField>
        <FormField
          label="Site"
          error={errors.siteId?.message}
          description={sites.data?.length === 0 ? 'No active site: register one first.' : 'Active sites only.'}
        >
          <select className={`${controlClasses} h-8`} disabled={sites.isPending} {...register('siteId')}>
            <option value="">{sites.isPending ? 'Loading sites…' : sites.isError ? 'Sites could not be loaded' : 'Choose a site'}</option>
            {sites.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.code} · {s.name}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      <FormField label="Product" error={errors.productName?.message}>
        <Input autoComplete="off" {...register('productName')} />
      </FormField>
      <FormField
        label="GTIN"
        optional
        error={errors.gtin?.message}
        description="14 digits; the last is the GS1 check digit. Serials need one."
      >
        <Input inputMode="numeric" autoComplete="off" className="font-mono" maxLength={14} {...register('gtin')} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Planned quantity" error={errors.plannedQuantity?.message}>
          <Input inputMode="numeric" autoComplete="off" {...register('plannedQuantity')} />
        </FormField>
        <FormField label="Expires on" error={errors.expiresOn?.message}>
          <Input type="date" {...register('expiresOn')} />
        </FormField>
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={isSubmitting}>
          Plan batch
        </Button>
      </DialogFooter>
    </form>
  );
}
