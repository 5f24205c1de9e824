'use client';

import * as React from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { ApiError, api } from '@/components/api-client';
import { createScimTokenSchema, type CreatedScimToken } from '@/lib/scim/token-schemas';
import { fieldErrors } from '@/lib/validation';
import { scimTokensUrl } from './api';
import { CopyField } from './copy-field';

/** Create a SCIM token: a name (the directory's), then the token, shown once with the base URL beside it. */
export function CreateScimTokenDialog({
  slug,
  open,
  onOpenChange,
  onCreated,
}: {
  slug: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: () => void;
}) {
  const [created, setCreated] = React.useState<CreatedScimToken | null>(null);
  const close = (next: boolean) => {
    if (next) return onOpenChange(true);
    onOpenChange(false);
    // Forget the token as soon as the dialog closes.
    window.setTimeout(() => setCreated(null), 200);
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="max-w-xl" onInteractOutside={(event) => created && event.preventDefault()}>
        {created ? (
          <ShowTokenOnce created={created} onDone={() => close(false)} />
        ) : (
          <CreateForm
            slug={slug}
            onCreated={(token) => {
              setCreated(token);
              onCreated();
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function CreateForm({ slug, onCreated }: { slug: string; onCreated: (token: CreatedScimToken) => void }) {
  const [name, setName] = React.useState('');
  const [nameError, setNameError] = React.useState<string | undefined>();
  const [formError, setFormError] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const checked = createScimTokenSchema.safeParse({ name });
    if (!checked.success) {
      setNameError(fieldErrors(checked.error).find((e) => e.path === 'name')?.message ?? 'Enter a name.');
      return;
    }
    setNameError(undefined);
    setPending(true);
    try {
      const token = await api<CreatedScimToken>(scimTokensUrl(slug), { method: 'POST', json: checked.data });
      toast({ title: 'SCIM token created', description: 'Copy it now: it will not be shown again.', tone: 'success' });
      onCreated(token);
    } catch (error) {
      const field = error instanceof ApiError ? error.errors.find((e) => e.path === 'name') : undefined;
      if (field) setNameError(field.message);
      else setFormError(error instanceof Error ? error.message : 'We could not reach Custos. Try again.');
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Create a SCIM token</DialogTitle>
        <DialogDescription>
          Your directory uses the token to add, change and suspend members and teams here. Its changes show in the audit trail under this
          name.
        </DialogDescription>
      </DialogHeader>
      {formError ? <Alert tone="danger" role="alert" title={formError} /> : null}
      <FormField label="Name" error={nameError} description="Name the directory, such as “Okta” or “Entra ID”.">
        <Input name="name" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
      </FormField>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={pending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={pending}>
          Create token
        </Button>
      </DialogFooter>
    </form>
  );
}

function ShowTokenOnce({ created, onDone }: { created: CreatedScimToken; onDone: () => void }) {
  return (
    <div className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Your new SCIM token: {created.name}</DialogTitle>
        <DialogDescription>Enter the base URL and the token in your directory’s provisioning settings.</DialogDescription>
      </DialogHeader>
      <Alert tone="warning" role="alert" title="Copy the token now. You will not see it again.">
        Custos keeps only a fingerprint of it. If you lose it, revoke it and create a new one.
      </Alert>
      <div className="grid gap-1.5">
        <span className="text-[13px] font-medium">Base URL</span>
        <CopyField value={created.scimBaseUrl} label="Base URL" />
      </div>
      <div className="grid gap-1.5">
        <span className="text-[13px] font-medium">Token</span>
        <CopyField value={created.token} label="SCIM token" testId="new-scim-token" />
      </div>
      <DialogFooter>
        <Button type="button" variant="primary" onClick={onDone}>
          I have copied it
        </Button>
      </DialogFooter>
    </div>
  );
}
