'use client';

import * as React from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, ApiError } from '@/components/api-client';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import type { OidcClientType, OidcGrantType } from '@/db/schema/oidc';
import {
  CLIENT_NAME_MAX,
  CLIENT_TYPE_LABEL,
  defaultGrantTypes,
  GRANT_TYPE_LABEL,
  MAX_REDIRECT_URIS,
  OIDC_GRANT_TYPES,
} from '@/lib/oidc-clients/policy';
import { createOidcClientSchema, updateOidcClientSchema } from '@/lib/oidc-clients/schemas';
import { fieldErrors } from '@/lib/validation';
import { clientPath, clientsPath, type OidcClient, type OidcClientWithSecret } from './system-page-api';

/** Addresses typed one per line, blank lines dropped. */
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Field errors by field, a URI's error saying its line (`redirectUris.2` → "Line 3: …"). */
function errorsByField(errors: Array<{ path: string; message: string }>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of errors) {
    const [field, index] = e.path.split('.');
    const message = index !== undefined && /^\d+$/.test(index) ? `Line ${Number(index) + 1}: ${e.message}` : e.message;
    map[field] ??= message;
  }
  return map;
}

/**
 * Register a client of the system, or change one (everything but its type). Redirect URIs one per line; the grant
 * types a public client cannot have are not offered. A created confidential client's secret goes to `onCreated`.
 */
export function ClientDialog({
  tenant,
  slug,
  client,
  systemActive,
  onClose,
  onSaved,
  onCreated,
}: {
  tenant: string;
  slug: string;
  /** null: a new client. */
  client: OidcClient | null;
  systemActive: boolean;
  onClose: () => void;
  onSaved: () => void;
  onCreated: (created: OidcClientWithSecret) => void;
}) {
  const [name, setName] = React.useState(client?.name ?? '');
  const [type, setType] = React.useState<OidcClientType>(client?.type ?? 'confidential');
  const [redirectUris, setRedirectUris] = React.useState((client?.redirectUris ?? []).join('\n'));
  const [postLogoutUris, setPostLogoutUris] = React.useState((client?.postLogoutRedirectUris ?? []).join('\n'));
  const [grants, setGrants] = React.useState<Set<OidcGrantType>>(new Set(client?.grantTypes ?? defaultGrantTypes('confidential')));
  const [firstParty, setFirstParty] = React.useState(client?.firstParty ?? true);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [serverError, setServerError] = React.useState<string | null>(null);
  const formId = React.useId();

  const chooseType = (next: OidcClientType) => {
    setType(next);
    setGrants(new Set(defaultGrantTypes(next)));
  };
  const toggleGrant = (grant: OidcGrantType, on: boolean) =>
    setGrants((current) => {
      const next = new Set(current);
      if (on) next.add(grant);
      else next.delete(grant);
      return next;
    });

  const save = useMutation({
    mutationFn: (body: unknown) =>
      client
        ? api<OidcClient>(clientPath(tenant, slug, client.clientId), { method: 'PATCH', json: body })
        : api<OidcClientWithSecret>(clientsPath(tenant, slug), { method: 'POST', json: body }),
    onSuccess: (saved) => {
      onSaved();
      onClose();
      if (client) toast({ tone: 'success', title: `${saved.name} saved` });
      else {
        toast({ tone: 'success', title: `${saved.name} added` });
        onCreated(saved as OidcClientWithSecret);
      }
    },
    onError: (error) => {
      const map = error instanceof ApiError ? errorsByField(error.errors) : {};
      setErrors(map);
      setServerError(Object.keys(map).length > 0 ? null : error.message);
    },
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const settings = {
      name,
      redirectUris: lines(redirectUris),
      postLogoutRedirectUris: lines(postLogoutUris),
      grantTypes: OIDC_GRANT_TYPES.filter((g) => grants.has(g)),
      firstParty,
    };
    const body = client ? settings : { ...settings, type };
    const parsed = (client ? updateOidcClientSchema : createOidcClientSchema).safeParse(body);
    if (!parsed.success) {
      setErrors(errorsByField(fieldErrors(parsed.error)));
      return;
    }
    setErrors({});
    setServerError(null);
    save.mutate(body);
  }

  const offered = OIDC_GRANT_TYPES.filter((g) => type === 'confidential' || g !== 'client_credentials');
  return (
    <Dialog open onOpenChange={(open) => (open || save.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-xl">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{client ? `Change ${client.name}` : 'Add an OpenID client'}</DialogTitle>
            <DialogDescription>
              {client
                ? 'Its type stays as it is; its client id and secret do not change.'
                : systemActive
                  ? 'The system signs people in through it with Custos as its OpenID Provider.'
                  : 'The system is inactive: you can set the client up now; Custos refuses it until the system is active.'}
            </DialogDescription>
          </DialogHeader>
          <FormField label="Name" description="What people see on the consent page, e.g. “LIMS web”." error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={CLIENT_NAME_MAX} autoFocus />
          </FormField>
          {client ? null : (
            <fieldset className="grid gap-1.5">
              <legend className="mb-1 text-sm font-medium">Type</legend>
              {(['confidential', 'public'] as const).map((t) => (
                <label key={t} className="flex items-start gap-2 text-sm">
                  <input
                    type="radio"
                    name={`${formId}-type`}
                    value={t}
                    className="mt-0.5 size-4 accent-primary"
                    checked={type === t}
                    onChange={() => chooseType(t)}
                  />
                  <span>{CLIENT_TYPE_LABEL[t]}</span>
                </label>
              ))}
              {errors.type ? <p className="text-xs text-danger">{errors.type}</p> : null}
            </fieldset>
          )}
          <FormField
            label="Redirect URIs"
            description={`One per line, at most ${MAX_REDIRECT_URIS}: https://, or http:// on localhost. Exactly as the system sends them.`}
            error={errors.redirectUris}
          >
            <Textarea
              value={redirectUris}
              onChange={(e) => setRedirectUris(e.target.value)}
              rows={3}
              className="font-mono text-xs"
              placeholder="https://lims.example.com/auth/callback"
            />
          </FormField>
          <FormField
            label="Sign-out redirect URIs"
            optional
            description="Where the system may send people after signing out."
            error={errors.postLogoutRedirectUris}
          >
            <Textarea
              value={postLogoutUris}
              onChange={(e) => setPostLogoutUris(e.target.value)}
              rows={2}
              className="font-mono text-xs"
              placeholder="https://lims.example.com/"
            />
          </FormField>
          <fieldset className="grid gap-1.5">
            <legend className="mb-1 text-sm font-medium">Grant types</legend>
            {offered.map((g) => (
              <label key={g} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-primary"
                  checked={grants.has(g)}
                  onChange={(e) => toggleGrant(g, e.target.checked)}
                />
                <span>{GRANT_TYPE_LABEL[g]}</span>
              </label>
            ))}
            {type === 'public' ? (
              <p className="text-xs text-muted-foreground">
                A public client cannot keep a secret: it signs in with PKCE and has no client credentials.
              </p>
            ) : null}
            {errors.grantTypes ? <p className="text-xs text-danger">{errors.grantTypes}</p> : null}
          </fieldset>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5 size-4 accent-primary"
              checked={firstParty}
              onChange={(e) => setFirstParty(e.target.checked)}
            />
            <span>
              First-party: your own system, people are not asked for consent
              <span className="block text-xs text-muted-foreground">Turn off for a third party: people agree once to what it may see.</span>
            </span>
          </label>
          <FormError message={serverError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={save.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" pending={save.isPending}>
              {client ? 'Save' : 'Add client'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
