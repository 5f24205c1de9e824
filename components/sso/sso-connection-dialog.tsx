'use client';

import * as React from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Plus, X } from 'lucide-react';
import { api, fetchAll, fieldErrorMap, type Role, type Team } from '@/components/roles/api';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { mayGive } from '@/lib/access/policy';
import type { OidcConnectionConfig, SamlConnectionConfig } from '@/db/schema';
import type { SsoConnection } from './sso-connections-api';

type Mapping = { key: number; group: string; teamId: string };

/**
 * Add or change an identity provider. OIDC: issuer, client ID and secret (a stored secret is kept unless a new one is
 * typed), extra scopes, the groups claim. SAML: the IdP's metadata, pasted or by URL, and the groups attribute. Both:
 * on or off, whether newcomers become members, their roles (only roles you may give), and which IdP group puts
 * people in which team. The server checks the IdP and names any field it refuses.
 */
export function SsoConnectionDialog({
  slug,
  permissions,
  connection,
  onClose,
  onSaved,
}: {
  slug: string;
  permissions: readonly string[];
  connection: SsoConnection | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const can = React.useMemo(() => new Set(permissions), [permissions]);
  const oidc = connection?.type === 'oidc' ? (connection.config as OidcConnectionConfig) : null;
  const saml = connection?.type === 'saml' ? (connection.config as SamlConnectionConfig) : null;
  const [type, setType] = React.useState<'oidc' | 'saml'>(connection?.type ?? 'oidc');
  const [name, setName] = React.useState(connection?.name ?? '');
  const [enabled, setEnabled] = React.useState(connection?.enabled ?? true);
  const [jit, setJit] = React.useState(connection?.jitProvisioning ?? true);
  const [issuer, setIssuer] = React.useState(oidc?.issuer ?? '');
  const [clientId, setClientId] = React.useState(oidc?.clientId ?? '');
  const [clientSecret, setClientSecret] = React.useState('');
  const [scopes, setScopes] = React.useState((oidc?.scopes ?? []).join(' '));
  const [groupsClaim, setGroupsClaim] = React.useState(oidc?.groupsClaim ?? '');
  const [metadataUrl, setMetadataUrl] = React.useState('');
  const [metadataXml, setMetadataXml] = React.useState('');
  const [groupsAttribute, setGroupsAttribute] = React.useState(saml?.groupsAttribute ?? '');
  const [roleIds, setRoleIds] = React.useState<Set<string>>(new Set(connection?.defaultRoleIds ?? []));
  const nextKey = React.useRef(connection?.groupTeamMappings.length ?? 0);
  const [mappings, setMappings] = React.useState<Mapping[]>(() => connection?.groupTeamMappings.map((m, i) => ({ key: i, ...m })) ?? []);
  const [errors, setErrors] = React.useState<Record<string, string>>({});

  const roles = useQuery({
    queryKey: ['tenant', slug, 'roles'],
    queryFn: () => fetchAll<Role>(`/api/v1/tenants/${slug}/roles`),
    enabled: can.has('roles.read'),
  });
  const teams = useQuery({
    queryKey: ['tenant', slug, 'teams', 'all'],
    queryFn: () => fetchAll<Team>(`/api/v1/tenants/${slug}/teams`),
    enabled: can.has('teams.read'),
  });

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      connection
        ? api<SsoConnection>(`/api/v1/tenants/${slug}/sso-connections/${connection.id}`, { method: 'PATCH', json: body })
        : api<SsoConnection>(`/api/v1/tenants/${slug}/sso-connections`, { method: 'POST', json: body }),
    onSuccess: (saved) => {
      toast({
        tone: 'success',
        title: connection ? `${saved.name} saved` : `${saved.name} added`,
        description: connection ? undefined : 'Copy its addresses into your identity provider to finish.',
      });
      onSaved();
      onClose();
    },
    onError: (error) => {
      const map = fieldErrorMap(error);
      setErrors(Object.keys(map).length ? map : { form: `Not saved: ${error.message}` });
    },
  });

  function body(): Record<string, unknown> {
    const common = {
      name: name.trim(),
      enabled,
      jitProvisioning: jit,
      defaultRoles: [...roleIds],
      groupTeamMappings: mappings.filter((m) => m.group.trim() || m.teamId).map((m) => ({ group: m.group.trim(), teamId: m.teamId })),
    };
    const scopeList = scopes.split(/[\s,]+/).filter(Boolean);
    if (!connection) {
      return type === 'oidc'
        ? {
            type,
            ...common,
            issuer: issuer.trim(),
            clientId: clientId.trim(),
            clientSecret,
            ...(scopeList.length ? { scopes: scopeList } : {}),
            ...(groupsClaim.trim() ? { groupsClaim: groupsClaim.trim() } : {}),
          }
        : {
            type,
            ...common,
            ...(metadataXml.trim() ? { metadataXml } : {}),
            ...(metadataUrl.trim() ? { metadataUrl: metadataUrl.trim() } : {}),
            ...(groupsAttribute.trim() ? { groupsAttribute: groupsAttribute.trim() } : {}),
          };
    }
    if (connection.type === 'oidc') {
      const changed: Record<string, unknown> = {};
      if (issuer.trim() !== oidc?.issuer) changed.issuer = issuer.trim();
      if (clientId.trim() !== oidc?.clientId) changed.clientId = clientId.trim();
      if (clientSecret) changed.clientSecret = clientSecret;
      if (scopeList.join(' ') !== (oidc?.scopes ?? []).join(' ')) changed.scopes = scopeList;
      if (groupsClaim.trim() && groupsClaim.trim() !== oidc?.groupsClaim) changed.groupsClaim = groupsClaim.trim();
      return { ...common, ...changed };
    }
    return {
      ...common,
      ...(metadataXml.trim() ? { metadataXml } : {}),
      ...(metadataUrl.trim() ? { metadataUrl: metadataUrl.trim() } : {}),
      ...(groupsAttribute.trim() && groupsAttribute.trim() !== saml?.groupsAttribute ? { groupsAttribute: groupsAttribute.trim() } : {}),
    };
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (name.trim().length < 2) found.name = 'At least 2 characters.';
    if (type === 'oidc' && !connection && !clientSecret) found.clientSecret = 'Enter the client secret.';
    if (type === 'saml' && !connection && !metadataXml.trim() && !metadataUrl.trim())
      found.metadataXml = "Paste the identity provider's metadata, or give its URL.";
    if (mappings.some((m) => !m.group.trim() || !m.teamId)) found.groupTeamMappings = 'Each row needs a group and a team.';
    setErrors(found);
    if (Object.keys(found).length) return;
    save.mutate(body());
  }

  const toggleRole = (id: string, on: boolean) =>
    setRoleIds((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const setMapping = (key: number, change: Partial<Mapping>) =>
    setMappings((list) => list.map((m) => (m.key === key ? { ...m, ...change } : m)));

  return (
    <Dialog open onOpenChange={(open) => (!open && !save.isPending ? onClose() : undefined)}>
      <DialogContent className="max-h-[90vh] max-w-xl overflow-y-auto">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{connection ? `Change ${connection.name}` : 'Add identity provider'}</DialogTitle>
            <DialogDescription>
              {connection
                ? 'Changes to the provider settings are checked with the provider before they are saved.'
                : 'After adding it, copy the addresses shown on its card into your identity provider.'}
            </DialogDescription>
          </DialogHeader>
          <FormError message={errors.form} />
          {!connection ? (
            <fieldset className="grid gap-1">
              <legend className="mb-1 text-sm font-medium">Kind of sign-in</legend>
              <div className="flex flex-wrap gap-4">
                {(
                  [
                    ['oidc', 'OpenID Connect'],
                    ['saml', 'SAML 2.0'],
                  ] as const
                ).map(([value, label]) => (
                  <label key={value} className="flex items-center gap-2 text-sm">
                    <input
                      type="radio"
                      name="sso-type"
                      className="size-4 accent-primary"
                      checked={type === value}
                      onChange={() => setType(value)}
                    />
                    {label}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <FormField label="Name" description="What people see on the sign-in button, e.g. Acme Entra ID." error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} autoFocus />
          </FormField>
          {type === 'oidc' ? (
            <>
              <FormField
                label="Issuer URL"
                description="From your provider, e.g. https://login.microsoftonline.com/…/v2.0"
                error={errors.issuer}
              >
                <Input value={issuer} onChange={(e) => setIssuer(e.target.value)} inputMode="url" autoComplete="off" />
              </FormField>
              <FormField label="Client ID" error={errors.clientId}>
                <Input value={clientId} onChange={(e) => setClientId(e.target.value)} autoComplete="off" />
              </FormField>
              <FormField
                label="Client secret"
                description={
                  connection ? 'Leave empty to keep the stored secret. It is never shown again.' : 'Stored encrypted and never shown again.'
                }
                error={errors.clientSecret}
              >
                <Input type="password" value={clientSecret} onChange={(e) => setClientSecret(e.target.value)} autoComplete="new-password" />
              </FormField>
              <FormField label="Extra scopes" optional description="Separated by spaces, e.g. groups." error={errors.scopes}>
                <Input value={scopes} onChange={(e) => setScopes(e.target.value)} autoComplete="off" />
              </FormField>
              <FormField
                label="Groups claim"
                optional
                description="The claim that lists a person's groups (groups if left empty)."
                error={errors.groupsClaim}
              >
                <Input value={groupsClaim} onChange={(e) => setGroupsClaim(e.target.value)} autoComplete="off" />
              </FormField>
            </>
          ) : (
            <>
              <FormField
                label="Metadata URL"
                optional
                description={
                  connection ? 'Give a URL or paste new metadata to replace the stored one.' : 'Give the URL, or paste the metadata below.'
                }
                error={errors.metadataUrl}
              >
                <Input value={metadataUrl} onChange={(e) => setMetadataUrl(e.target.value)} inputMode="url" autoComplete="off" />
              </FormField>
              <FormField label="Metadata" optional description="The identity provider's metadata XML." error={errors.metadataXml}>
                <Textarea value={metadataXml} onChange={(e) => setMetadataXml(e.target.value)} rows={4} className="font-mono text-xs" />
              </FormField>
              <FormField
                label="Groups attribute"
                optional
                description="The attribute that lists a person's groups (groups if left empty)."
                error={errors.groupsAttribute}
              >
                <Input value={groupsAttribute} onChange={(e) => setGroupsAttribute(e.target.value)} autoComplete="off" />
              </FormField>
            </>
          )}
          <div className="grid gap-2">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="size-4 accent-primary" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
              On: people can sign in through it
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="size-4 accent-primary" checked={jit} onChange={(e) => setJit(e.target.checked)} />
              Add new people as members at their first sign-in
            </label>
          </div>
          <fieldset className="grid gap-1">
            <legend className="mb-1 text-sm font-medium">Roles of new members</legend>
            {roles.isPending && can.has('roles.read') ? <Skeleton className="h-12 w-full" /> : null}
            <div className="grid gap-1 sm:grid-cols-2">
              {(roles.data ?? []).map((r) => {
                const verdict = mayGive(can, r.permissions);
                return (
                  <label key={r.id} className="flex items-center gap-2 text-sm" title={verdict.reason ?? undefined}>
                    <input
                      type="checkbox"
                      className="size-4 accent-primary"
                      checked={roleIds.has(r.id)}
                      disabled={!verdict.allowed && !roleIds.has(r.id)}
                      onChange={(e) => toggleRole(r.id, e.target.checked)}
                    />
                    {r.name}
                    {r.system ? <Badge tone="accent">{r.system.slug}</Badge> : null}
                  </label>
                );
              })}
            </div>
            {errors.defaultRoles ? <p className="text-xs text-danger">{errors.defaultRoles}</p> : null}
          </fieldset>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Groups and teams</legend>
            <p className="text-[13px] text-muted-foreground">
              A person in the group joins the team at each sign-in, and leaves it when the group no longer lists them. Other teams are not
              touched.
            </p>
            {mappings.map((m, i) => (
              <div key={m.key} className="grid grid-cols-[1fr_auto] gap-2 sm:grid-cols-[1fr_1fr_auto]">
                <Input
                  aria-label={`Group ${i + 1}`}
                  placeholder="Group name or id"
                  value={m.group}
                  onChange={(e) => setMapping(m.key, { group: e.target.value })}
                  className="col-span-1"
                />
                <select
                  aria-label={`Team for group ${i + 1}`}
                  value={m.teamId}
                  onChange={(e) => setMapping(m.key, { teamId: e.target.value })}
                  className="col-start-1 h-8 rounded-md border border-input bg-background px-2 text-sm sm:col-start-auto"
                >
                  <option value="">Choose a team</option>
                  {(teams.data ?? []).map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
                <Button
                  type="button"
                  size="icon"
                  variant="ghost"
                  aria-label={`Remove group ${i + 1}`}
                  className="row-span-2 self-center sm:row-span-1"
                  onClick={() => setMappings((list) => list.filter((x) => x.key !== m.key))}
                >
                  <X aria-hidden="true" />
                </Button>
              </div>
            ))}
            <div>
              <Button
                type="button"
                size="sm"
                variant="secondary"
                onClick={() => setMappings((list) => [...list, { key: nextKey.current++, group: '', teamId: '' }])}
              >
                <Plus aria-hidden="true" />
                Add a group
              </Button>
            </div>
            {errors.groupTeamMappings ? <p className="text-xs text-danger">{errors.groupTeamMappings}</p> : null}
          </fieldset>
          <DialogFooter>
            <Button type="button" onClick={onClose} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={save.isPending}>
              {connection ? 'Save' : 'Add identity provider'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
