'use client';

import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Copy, Trash2 } from 'lucide-react';
import { ApiError, api, errorsByField } from '@/components/admin/api';
import { SettingSwitch } from '@/components/settings/settings-section';
import { useSaveTenant } from '@/components/settings/settings-save';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { addDomainSchema, type DomainList, type DomainView } from '@/lib/sso/domains/schemas';
import { fieldErrors } from '@/lib/validation';
import { domainsQueryKey } from './domains-api';

/**
 * Verified domains and "SSO required": add a domain, publish the TXT record shown (copy buttons), verify it, remove
 * it; then require people on those domains to sign in through the tenant's SSO. The switch is offered only when the
 * tenant has a verified domain and an enabled connection (lib/sso/domains/policy.ts, sent by the API).
 */
export function DomainsSettings({ slug }: { slug: string }) {
  const url = `/api/v1/tenants/${slug}/domains`;
  const query = useQuery({ queryKey: domainsQueryKey(slug), queryFn: () => api<DomainList>(url) });
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: domainsQueryKey(slug) });
  const [domain, setDomain] = React.useState('');
  const [addError, setAddError] = React.useState<string | null>(null);

  const add = useMutation({
    mutationFn: (body: unknown) => api<DomainView>(url, { method: 'POST', json: body }),
    onSuccess: (created) => {
      setDomain('');
      toast({ title: `${created.domain} added: publish its TXT record, then verify it` });
      refresh();
    },
    onError: (error) => {
      const field = error instanceof ApiError ? errorsByField(error.errors).domain : undefined;
      setAddError(field ?? error.message);
    },
  });

  const submitAdd = (event: React.FormEvent) => {
    event.preventDefault();
    const checked = addDomainSchema.safeParse({ domain });
    if (!checked.success) return setAddError(errorsByField(fieldErrors(checked.error)).domain ?? 'Enter a domain, such as example.com.');
    setAddError(null);
    add.mutate(checked.data);
  };

  return (
    <Card aria-labelledby="domains-title">
      <CardHeader>
        <CardTitle id="domains-title">Verified domains</CardTitle>
        <CardDescription>
          People whose email is on a verified domain are sent to your company sign-in page when they sign in. Prove a domain is yours by
          publishing a DNS TXT record.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-5 [overflow-wrap:anywhere]">
        <form onSubmit={submitAdd} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-end" aria-label="Add a domain">
          <FormField label="Domain" error={addError ?? undefined} className="flex-1">
            <Input
              name="domain"
              value={domain}
              onChange={(e) => setDomain(e.target.value)}
              placeholder="example.com"
              autoCapitalize="none"
              spellCheck={false}
              className="h-9"
            />
          </FormField>
          <Button type="submit" variant="secondary" pending={add.isPending} className={addError ? 'sm:mb-6' : undefined}>
            Add domain
          </Button>
        </form>
        {query.isError ? <FormError message={`Domains could not be loaded: ${query.error.message}`} /> : null}
        {query.data ? (
          query.data.data.length === 0 ? (
            <p className="text-[13px] text-muted-foreground">No domains yet.</p>
          ) : (
            <ul className="grid gap-3" aria-label="Domains">
              {query.data.data.map((d) => (
                <DomainItem key={d.id} slug={slug} domain={d} onChanged={refresh} />
              ))}
            </ul>
          )
        ) : null}
        {query.data ? <SsoRequiredSwitch slug={slug} list={query.data} onSaved={refresh} /> : null}
      </CardContent>
    </Card>
  );
}

function DomainItem({ slug, domain, onChanged }: { slug: string; domain: DomainView; onChanged: () => void }) {
  const [problem, setProblem] = React.useState<string | null>(null);
  const base = `/api/v1/tenants/${slug}/domains/${domain.id}`;
  const verify = useMutation({
    mutationFn: () => api<DomainView>(`${base}/verify`, { method: 'POST' }),
    onSuccess: () => {
      setProblem(null);
      toast({ title: `${domain.domain} verified` });
      onChanged();
    },
    onError: (error) => setProblem(error.message),
  });
  const remove = useMutation({
    mutationFn: () => api<void>(base, { method: 'DELETE' }),
    onSuccess: () => {
      toast({ title: `${domain.domain} removed` });
      onChanged();
    },
    onError: (error) => setProblem(error.message),
  });
  return (
    <li className="grid min-w-0 gap-2 rounded-md border border-border p-3 [overflow-wrap:anywhere]" data-testid="domain-item">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="flex min-w-0 flex-wrap items-center gap-2">
          <span className="min-w-0 truncate font-mono text-sm">{domain.domain}</span>
          {domain.verified ? (
            <Badge tone="success" dot>
              Verified{domain.verifiedMethod === 'platform' ? ' by a platform admin' : ''}
            </Badge>
          ) : (
            <Badge tone="warning" dot>
              Waiting for its DNS record
            </Badge>
          )}
        </span>
        <span className="flex gap-2">
          {domain.verified ? null : (
            <Button type="button" size="sm" variant="primary" pending={verify.isPending} onClick={() => verify.mutate()}>
              Verify
            </Button>
          )}
          <Button
            type="button"
            size="sm"
            variant="ghost"
            pending={remove.isPending}
            aria-label={`Remove ${domain.domain}`}
            onClick={() => {
              if (window.confirm(`Remove ${domain.domain}? People on it are no longer sent to your company sign-in page.`)) remove.mutate();
            }}
          >
            <Trash2 aria-hidden="true" />
          </Button>
        </span>
      </div>
      {domain.verified ? null : (
        <dl className="grid min-w-0 gap-1.5 text-[13px]">
          <RecordLine label="Type" value={domain.verificationRecord.type} />
          <RecordLine label="Name" value={domain.verificationRecord.name} copy />
          <RecordLine label="Value" value={domain.verificationRecord.value} copy />
        </dl>
      )}
      {problem ? (
        <Alert tone="danger" role="alert">
          {problem}
        </Alert>
      ) : null}
    </li>
  );
}

function RecordLine({ label, value, copy = false }: { label: string; value: string; copy?: boolean }) {
  return (
    <div className="grid grid-cols-[3.5rem_minmax(0,1fr)] items-center gap-2">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="flex min-w-0 items-center gap-2">
        <span className="min-w-0 flex-1 truncate font-mono text-xs" title={value}>
          {value}
        </span>
        {copy ? (
          <Button
            type="button"
            size="sm"
            variant="ghost"
            aria-label={`Copy the record's ${label.toLowerCase()}`}
            onClick={() => {
              void navigator.clipboard?.writeText(value).then(() => toast({ title: `${label} copied` }));
            }}
          >
            <Copy aria-hidden="true" />
          </Button>
        ) : null}
      </dd>
    </div>
  );
}

function SsoRequiredSwitch({ slug, list, onSaved }: { slug: string; list: DomainList; onSaved: () => void }) {
  const save = useSaveTenant(slug);
  const [error, setError] = React.useState<string | null>(null);
  const blocked = !list.ssoRequired && list.ssoRequiredProblem !== null;
  return (
    <div className="grid gap-2 border-t border-border pt-4">
      <fieldset disabled={blocked || save.isPending} className="disabled:opacity-70">
        <legend className="sr-only">SSO required</legend>
        <SettingSwitch
          name="ssoRequired"
          label="Require SSO for people on these domains"
          hint="Their passwords and passkeys stop working in this tenant: they sign in through your company sign-in page. Platform administrators can still enter in an emergency, and each time is recorded."
          checked={list.ssoRequired}
          onChange={(checked) => {
            setError(null);
            save.mutate(
              { settings: { ssoRequired: checked } },
              {
                onSuccess: () => {
                  toast({ title: checked ? 'SSO is now required' : 'SSO is no longer required' });
                  onSaved();
                },
                onError: (e) => setError(e instanceof ApiError && e.errors.length ? e.errors[0].message : e.message),
              },
            );
          }}
        />
      </fieldset>
      {blocked ? <p className="text-xs text-muted-foreground">{list.ssoRequiredProblem}</p> : null}
      <FormError message={error ?? undefined} />
    </div>
  );
}
