'use client';

import * as React from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { api, paths, type SiteView } from './api';
import { blankToNull, bodyResolver, placeServerErrors, preloadQualitySchemas } from './form';

type SiteFormValues = { code: string; name: string; address: string; licenseNumber: string };

const createBody = (v: SiteFormValues) => ({
  code: v.code,
  name: v.name,
  address: blankToNull(v.address),
  licenseNumber: blankToNull(v.licenseNumber),
});
const updateBody = (v: SiteFormValues) => ({ name: v.name, address: blankToNull(v.address), licenseNumber: blankToNull(v.licenseNumber) });
const createResolver = bodyResolver<SiteFormValues>((m) => m.createSiteSchema, createBody);
const updateResolver = bodyResolver<SiteFormValues>((m) => m.updateSiteSchema, updateBody);

export type SiteDialogProps = {
  tenant: string;
  /** The site to edit; null: register a new one. */
  site: SiteView | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (site: SiteView) => void;
};

/** Register a site (code, name, address, GMP licence) or correct one (the code stays). */
export function SiteDialog({ tenant, site, open, onOpenChange, onSaved }: SiteDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">
        {open ? <SiteForm key={site?.id ?? 'new'} tenant={tenant} site={site} onSaved={onSaved} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function SiteForm({ tenant, site, onSaved }: { tenant: string; site: SiteView | null; onSaved: (site: SiteView) => void }) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  React.useEffect(preloadQualitySchemas, []);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SiteFormValues>({
    resolver: site ? updateResolver : createResolver,
    defaultValues: {
      code: site?.code ?? '',
      name: site?.name ?? '',
      address: site?.address ?? '',
      licenseNumber: site?.licenseNumber ?? '',
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const saved = site
        ? await api<SiteView>(paths.site(tenant, site.id), { method: 'PATCH', json: updateBody(values) })
        : await api<SiteView>(paths.sites(tenant), { method: 'POST', json: createBody(values) });
      toast({ tone: 'success', title: site ? `Site ${saved.code} saved` : `Site ${saved.code} registered`, description: saved.name });
      onSaved(saved);
    } catch (error) {
      setServerError(placeServerErrors(error, setError));
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{site ? `Edit site ${site.code}` : 'Register a site'}</DialogTitle>
        <DialogDescription>
          {site
            ? 'Corrections are kept in the audit trail with the old and new values. The code cannot change.'
            : 'A manufacturing site batches are made at. The code is short, upper case and unique in this tenant.'}
        </DialogDescription>
      </DialogHeader>
      {serverError ? <Alert tone="danger" role="alert" title={serverError} /> : null}
      <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
        <FormField label="Code" error={errors.code?.message} description={site ? undefined : 'Such as BSL-01.'}>
          <Input autoComplete="off" className="font-mono uppercase" disabled={Boolean(site)} {...register('code')} />
        </FormField>
        <FormField label="Name" error={errors.name?.message}>
          <Input autoComplete="off" {...register('name')} />
        </FormField>
      </div>
      <FormField label="Address" optional error={errors.address?.message}>
        <Textarea rows={2} {...register('address')} />
      </FormField>
      <FormField label="GMP licence number" optional error={errors.licenseNumber?.message}>
        <Input autoComplete="off" {...register('licenseNumber')} />
      </FormField>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={isSubmitting}>
          {site ? 'Save site' : 'Register site'}
        </Button>
      </DialogFooter>
    </form>
  );
}
