'use client';

import * as React from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Check, Copy } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FieldError, FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import type { CreatedApiKey } from '@/lib/access/api-key-schemas';
import { ApiError, api } from './api';
import { PermissionLabel } from '@/components/roles/permission-label';
import { groupPermissions, inCatalogOrder } from '@/lib/access/permission-catalog';
import { EXPIRY_CHOICES, apiKeyFormSchema, expiresAtOf, type ApiKeyFormValues } from './form-schema';
import { mayScopeApiKey } from '@/lib/access/policy';

export type CreateApiKeyDialogProps = {
  tenant: string;
  /** The creator's own permissions: a key can hold nothing more. */
  held: readonly string[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (key: CreatedApiKey) => void;
};

/** Create a key: name, scopes (grouped by resource, limited to what you hold), optional expiry; then the key, once. */
export function CreateApiKeyDialog({ tenant, held, open, onOpenChange, onCreated }: CreateApiKeyDialogProps) {
  const [created, setCreated] = React.useState<CreatedApiKey | null>(null);
  const close = (next: boolean) => {
    if (next) return onOpenChange(true);
    onOpenChange(false);
    // Forget the secret as soon as the dialog closes.
    window.setTimeout(() => setCreated(null), 200);
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="max-w-xl" onInteractOutside={(event) => created && event.preventDefault()}>
        {created ? (
          <ShowKeyOnce created={created} onDone={() => close(false)} />
        ) : (
          <CreateForm
            tenant={tenant}
            held={held}
            onCreated={(key) => {
              setCreated(key);
              onCreated(key);
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function CreateForm({ tenant, held, onCreated }: { tenant: string; held: readonly string[]; onCreated: (key: CreatedApiKey) => void }) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  const groups = React.useMemo(() => groupPermissions(inCatalogOrder(held)), [held]);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ApiKeyFormValues>({
    resolver: zodResolver(apiKeyFormSchema),
    defaultValues: { name: '', permissions: [], expiry: '90', expiryDate: '' },
  });
  const expiry = useWatch({ control, name: 'expiry' });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    // Scopes within what the creator holds (lib/access/policy.ts): the picker offers only those, checked again here.
    const scopes = mayScopeApiKey(new Set(held), values.permissions);
    if (!scopes.allowed) {
      setError('permissions', { type: 'policy', message: scopes.reason }, { shouldFocus: true });
      return;
    }
    try {
      const key = await api<CreatedApiKey>(`/api/v1/tenants/${encodeURIComponent(tenant)}/api-keys`, {
        method: 'POST',
        body: JSON.stringify({ name: values.name, permissions: values.permissions, expiresAt: expiresAtOf(values) }),
      });
      toast({ title: 'API key created', description: 'Copy it now: it will not be shown again.', tone: 'success' });
      onCreated(key);
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) {
        let placed = false;
        for (const { path, message } of error.errors) {
          const field =
            path === 'expiresAt' ? 'expiryDate' : path.startsWith('permissions') ? 'permissions' : path === 'name' ? 'name' : null;
          if (field) {
            setError(field, { type: 'server', message }, { shouldFocus: !placed });
            placed = true;
          }
        }
        if (!placed) setServerError(error.message);
      } else {
        setServerError(error instanceof Error ? error.message : 'We could not reach Custos. Try again.');
      }
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Create an API key</DialogTitle>
        <DialogDescription>
          The key acts for you on this tenant&apos;s API only, with the permissions you choose here and never more than you hold at the time
          of each request.
        </DialogDescription>
      </DialogHeader>
      {serverError ? <Alert tone="danger" role="alert" title={serverError} /> : null}
      <FormField label="Name" error={errors.name?.message} description="Say what uses it, such as “LIMS sync” or “CI pipeline”.">
        <Input autoComplete="off" {...register('name')} />
      </FormField>

      <fieldset className="grid gap-2" aria-describedby={errors.permissions ? 'api-key-permissions-error' : undefined}>
        <legend className="text-[13px] font-medium">Permissions</legend>
        <p className="-mt-1 text-xs text-muted-foreground">Only permissions you hold are offered.</p>
        <Controller
          control={control}
          name="permissions"
          render={({ field }) => {
            const selected = new Set(field.value);
            const toggle = (keys: string[], on: boolean) => {
              const next = new Set(selected);
              for (const key of keys) {
                if (on) next.add(key);
                else next.delete(key);
              }
              field.onChange([...next].sort());
            };
            return (
              <div
                className="grid max-h-72 content-start items-start gap-x-4 gap-y-3 overflow-y-auto rounded-md border border-border p-3 sm:grid-cols-2"
                data-testid="scope-picker"
              >
                {groups.map((group) => {
                  const keys = group.permissions.map((p) => p.key);
                  const all = keys.every((p) => selected.has(p));
                  return (
                    <div key={group.area} role="group" aria-label={group.name} className="grid content-start gap-1.5">
                      <label className="flex items-center gap-2 text-[13px] font-medium">
                        <input
                          type="checkbox"
                          className="size-3.5 accent-primary"
                          checked={all}
                          ref={(el) => {
                            if (el) el.indeterminate = !all && keys.some((p) => selected.has(p));
                          }}
                          onChange={(event) => toggle(keys, event.target.checked)}
                        />
                        {group.name}
                      </label>
                      {group.permissions.map((info) => (
                        <label key={info.key} className="ml-5 flex items-start gap-2 text-[13px]">
                          <input
                            type="checkbox"
                            className="mt-0.5 size-3.5 shrink-0 accent-primary"
                            checked={selected.has(info.key)}
                            onChange={(event) => toggle([info.key], event.target.checked)}
                          />
                          <PermissionLabel info={info} />
                        </label>
                      ))}
                    </div>
                  );
                })}
              </div>
            );
          }}
        />
        {errors.permissions ? <FieldError id="api-key-permissions-error">{errors.permissions.message}</FieldError> : null}
      </fieldset>

      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label="Expires" optional>
          <select className={`${controlClasses} h-8`} {...register('expiry')}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </FormField>
        {expiry === 'custom' ? (
          <FormField label="Expiry date" error={errors.expiryDate?.message}>
            <Input type="date" {...register('expiryDate')} />
          </FormField>
        ) : null}
      </div>

      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={isSubmitting}>
          Create key
        </Button>
      </DialogFooter>
    </form>
  );
}

function ShowKeyOnce({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = React.useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
      toast({ title: 'Key copied to the clipboard' });
    } catch {
      toast({ tone: 'error', title: 'Could not copy', description: 'Select the key and copy it by hand.' });
    }
  };
  return (
    <div className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Your new API key: {created.name}</DialogTitle>
        <DialogDescription>
          Send it as <code className="font-mono text-xs">Authorization: Bearer &lt;key&gt;</code> to this tenant&apos;s API.
        </DialogDescription>
      </DialogHeader>
      <Alert tone="warning" role="alert" title="Copy the key now. You will not see it again.">
        Custos keeps only a fingerprint of it. If you lose it, revoke it and create a new one.
      </Alert>
      <div className="flex items-center gap-2">
        <Input
          readOnly
          value={created.key}
          aria-label="API key"
          className="h-9 font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
          data-testid="new-api-key"
        />
        <Button type="button" onClick={() => void copy()} aria-label="Copy the API key">
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <DialogFooter>
        <Button type="button" variant="primary" onClick={onDone}>
          I have copied it
        </Button>
      </DialogFooter>
    </div>
  );
}
