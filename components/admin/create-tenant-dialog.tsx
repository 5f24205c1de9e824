'use client';

import * as React from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { adminCreateTenantSchema, type AdminTenant } from '@/lib/platform-admin/schemas';
import { fieldErrors } from '@/lib/validation';
import { ApiError, api, errorsByField } from './api';
import { PlanSelect, useRefreshTenants } from './tenant-plans';

/** Create a tenant: name, slug, plan and its first admin's email (checked here with the API's schema first). */
export function CreateTenantDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const empty = { slug: '', name: '', plan: 'starter', adminEmail: '' };
  const [values, setValues] = React.useState(empty);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const refresh = useRefreshTenants();
  const create = useMutation({
    mutationFn: (body: typeof values) => api<AdminTenant>('/api/v1/admin/tenants', { method: 'POST', json: body }),
    onSuccess: (tenant) => {
      toast({ title: `Created ${tenant.name}`, description: `${values.adminEmail} is its admin and can sign in at /t/${tenant.slug}.` });
      setValues(empty);
      onOpenChange(false);
      refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.errors.length) setErrors(errorsByField(error.errors));
      else toast({ tone: 'error', title: 'Could not create the tenant', description: error.message });
    },
  });
  const set = (field: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = adminCreateTenantSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(errorsByField(fieldErrors(parsed.error)));
      return;
    }
    setErrors({});
    create.mutate(values);
  };
  return (
    <Dialog open={open} onOpenChange={(next) => (create.isPending ? undefined : onOpenChange(next))}>
      <DialogContent className="max-w-md">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Create a tenant</DialogTitle>
            <DialogDescription>It gets the default roles. The admin must already have a verified Custos account.</DialogDescription>
          </DialogHeader>
          <FormField label="Name" error={errors.name}>
            <Input name="name" value={values.name} onChange={(e) => set('name')(e.target.value)} />
          </FormField>
          <FormField label="Address (slug)" description="Lowercase letters, digits and hyphens: /t/your-slug." error={errors.slug}>
            <Input name="slug" value={values.slug} onChange={(e) => set('slug')(e.target.value.toLowerCase())} className="font-mono" />
          </FormField>
          <FormField label="Plan" error={errors.plan}>
            <PlanSelect name="plan" value={values.plan} onChange={set('plan')} />
          </FormField>
          <FormField label="Admin's email" error={errors.adminEmail}>
            <Input name="adminEmail" type="email" value={values.adminEmail} onChange={(e) => set('adminEmail')(e.target.value)} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={create.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" pending={create.isPending}>
              Create tenant
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
