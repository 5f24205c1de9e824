'use client';

import * as React from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { createSystemSchema } from '@/lib/access/role-schemas';
import { fieldErrors } from '@/lib/validation';
import { api, fieldErrorMap, type System } from '@/components/roles/api';

export function RegisterSystemDialog({
  open,
  onOpenChange,
  tenant,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  tenant: string;
  onCreated: () => void;
}) {
  const [slug, setSlug] = React.useState('');
  const [name, setName] = React.useState('');
  const [description, setDescription] = React.useState('');
  const [keys, setKeys] = React.useState('');
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const reset = () => {
    setSlug('');
    setName('');
    setDescription('');
    setKeys('');
    setErrors({});
  };

  const create = useMutation({
    mutationFn: (body: unknown) => api<System>(`/api/v1/tenants/${tenant}/systems`, { method: 'POST', json: body }),
    onSuccess: (s) => {
      toast({ title: `System ${s.slug} registered`, description: `${s.permissions.length} permission key(s).`, tone: 'success' });
      reset();
      onOpenChange(false);
      onCreated();
    },
    onError: (error) => {
      const map = fieldErrorMap(error);
      setErrors(map);
      if (Object.keys(map).length === 0) toast({ tone: 'error', title: 'Could not register the system', description: error.message });
    },
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = {
      slug: slug.trim(),
      name,
      ...(description.trim() ? { description } : {}),
      permissions: keys
        .split(/[\s,]+/)
        .map((k) => k.trim())
        .filter(Boolean),
    };
    const parsed = createSystemSchema.safeParse(body);
    if (!parsed.success) {
      const map: Record<string, string> = {};
      for (const e of fieldErrors(parsed.error)) map[e.path.split('.')[0]] ??= e.message;
      setErrors(map);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (create.isPending ? undefined : (onOpenChange(o), o ? undefined : reset()))}>
      <DialogContent className="max-w-lg">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Register a system</DialogTitle>
            <DialogDescription>Its keys are stored as slug:resource.action.</DialogDescription>
          </DialogHeader>
          <FormField label="Slug" description="2–40 lowercase letters, digits and hyphens." error={errors.slug}>
            <Input value={slug} onChange={(e) => setSlug(e.target.value)} autoFocus maxLength={40} placeholder="erp" />
          </FormField>
          <FormField label="Name" error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder="ERP" />
          </FormField>
          <FormField label="Description" optional error={errors.description}>
            <Textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={500} />
          </FormField>
          <FormField label="Permission keys" description="resource.action, separated by commas or new lines." error={errors.permissions}>
            <Textarea
              value={keys}
              onChange={(e) => setKeys(e.target.value)}
              rows={4}
              placeholder={'orders.read\norders.approve'}
              className="font-mono text-xs"
            />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={create.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" pending={create.isPending}>
              Register system
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
