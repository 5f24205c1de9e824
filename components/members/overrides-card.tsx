'use client';

import * as React from 'react';
import { useMutation, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { PERMISSIONS } from '@/lib/access/permissions';
import { overrideEffects } from '@/lib/access/policy';
import { api, type Member, type MemberPermissions } from './api';
import { OVERRIDE_EFFECT_LABEL, OVERRIDE_EFFECT_TEXT } from '@/lib/access/labels';
import { describePermission, groupPermissions, permissionTitle } from '@/lib/access/permission-catalog';
import { PermissionLabel } from '@/components/roles/permission-label';
import { fieldMessages, useInvalidateMember, type Effect } from './member-edit-support';

/** The member's direct grants and explicit denies, one inherit/grant/deny switch per permission. */
export function OverridesCard({
  tenant,
  member,
  perms,
  editable,
  can,
}: {
  tenant: string;
  member: Member;
  perms: UseQueryResult<MemberPermissions, Error>;
  editable: boolean;
  can: Set<string>;
}) {
  const invalidate = useInvalidateMember(tenant, member.id);
  const systems = useQuery({
    queryKey: ['tenants', tenant, 'systems', 'options'],
    queryFn: () =>
      api<{ data: Array<{ slug: string; name: string; permissions: string[] }> }>(`/api/v1/tenants/${tenant}/systems?limit=200`),
    enabled: editable && can.has('systems.read'),
  });
  const stored = perms.data?.overrides;
  const [effects, setEffects] = React.useState<Record<string, Effect>>(() => effectsOf(stored));
  // Newly loaded overrides reset the switches (adjusted while rendering, not in an effect).
  const [shownOverrides, setShownOverrides] = React.useState(stored);
  if (shownOverrides !== stored) {
    setShownOverrides(stored);
    if (stored) setEffects(effectsOf(stored));
  }

  const save = useMutation({
    mutationFn: () =>
      api<{ grant: string[]; deny: string[] }>(`/api/v1/tenants/${tenant}/members/${member.id}/overrides`, {
        method: 'PUT',
        json: {
          grant: Object.keys(effects).filter((k) => effects[k] === 'grant'),
          deny: Object.keys(effects).filter((k) => effects[k] === 'deny'),
        },
      }),
    onSuccess: () => {
      toast({ title: 'Overrides saved', description: 'They apply from the member’s next request.', tone: 'success' });
      invalidate();
    },
  });

  if (!stored) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Overrides</CardTitle>
        </CardHeader>
        <CardContent>
          {perms.isError ? <p className="text-[13px] text-danger">{perms.error.message}</p> : <Skeleton className="h-24 w-full" />}
        </CardContent>
      </Card>
    );
  }

  const systemNames = systems.data?.data ?? [];
  const systemKeys = (systems.data?.data ?? []).flatMap((s) => s.permissions.map((p) => (p.includes(':') ? p : `${s.slug}:${p}`)));
  const keys = [...new Set([...PERMISSIONS, ...systemKeys, ...stored.grant, ...stored.deny])];
  const dirty =
    Object.keys(effects)
      .filter((k) => effects[k] === 'grant')
      .sort()
      .join() !== [...stored.grant].sort().join() ||
    Object.keys(effects)
      .filter((k) => effects[k] === 'deny')
      .sort()
      .join() !== [...stored.deny].sort().join();

  return (
    <Card>
      <CardHeader className="flex-col gap-1">
        <CardTitle>Overrides</CardTitle>
        <CardDescription>
          Direct grants and explicit denies for this member only. An explicit deny beats every role, team and grant.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {!editable ? (
          stored.grant.length + stored.deny.length === 0 ? (
            <p className="text-[13px] text-muted-foreground">No overrides: access comes from roles and teams only.</p>
          ) : (
            <ul className="grid gap-2 md:grid-cols-2" aria-label="Overrides">
              {[...stored.grant.map((k) => ['grant', k] as const), ...stored.deny.map((k) => ['deny', k] as const)].map(([effect, k]) => (
                <li key={`${effect}-${k}`} className="flex items-start gap-2 text-[13px]" data-permission={k} data-effect={effect}>
                  <Badge tone={effect === 'grant' ? 'success' : 'danger'} title={OVERRIDE_EFFECT_TEXT[effect]}>
                    {OVERRIDE_EFFECT_LABEL[effect]}
                  </Badge>
                  <PermissionLabel info={describePermission(k, systemNames)} />
                </li>
              ))}
            </ul>
          )
        ) : (
          <form
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <div className="grid gap-x-6 gap-y-5 lg:grid-cols-2">
              {groupPermissions(keys, systemNames).map((group) => (
                <fieldset key={group.area} className="grid min-w-0 content-start gap-2">
                  <legend className="mb-1 text-xs font-semibold text-muted-foreground">{group.name}</legend>
                  {group.permissions.map((info) => {
                    const key = info.key;
                    const value = effects[key] ?? 'inherit';
                    const allowed = overrideEffects(
                      can,
                      key,
                      stored.grant.includes(key) ? 'grant' : stored.deny.includes(key) ? 'deny' : 'inherit',
                    );
                    return (
                      <div
                        key={key}
                        className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1 text-[13px]"
                        data-permission={key}
                      >
                        <PermissionLabel info={info} className="min-w-0 flex-1 basis-48" />
                        <div
                          role="radiogroup"
                          aria-label={`Override for ${permissionTitle(key, systemNames)}`}
                          className="flex shrink-0 overflow-hidden rounded-md border border-border text-xs"
                        >
                          {(['inherit', 'grant', 'deny'] as const).map((effect) => {
                            const verdict = allowed[effect];
                            const disabled = save.isPending || !verdict.allowed;
                            const active = value === effect;
                            return (
                              <label
                                key={effect}
                                title={verdict.reason ?? OVERRIDE_EFFECT_TEXT[effect]}
                                className={
                                  'cursor-pointer px-2 py-0.5 focus-within:outline-2 focus-within:outline-ring has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-40 ' +
                                  (active
                                    ? effect === 'grant'
                                      ? 'bg-success/15 text-success'
                                      : effect === 'deny'
                                        ? 'bg-danger/15 text-danger'
                                        : 'bg-muted text-foreground'
                                    : 'text-muted-foreground hover:bg-accent')
                                }
                              >
                                <input
                                  type="radio"
                                  className="sr-only"
                                  name={`override-${key}`}
                                  value={effect}
                                  checked={active}
                                  disabled={disabled}
                                  onChange={() => setEffects((prev) => ({ ...prev, [key]: effect }))}
                                />
                                {OVERRIDE_EFFECT_LABEL[effect]}
                              </label>
                            );
                          })}
                        </div>
                      </div>
                    );
                  })}
                </fieldset>
              ))}
            </div>
            {save.isError ? (
              <Alert tone="danger" role="alert" title="Not saved">
                <p>{save.error.message}</p>
                {fieldMessages(save.error, (p) => (p.startsWith('grant') ? 'Grants' : p.startsWith('deny') ? 'Denies' : p)).map((msg) => (
                  <p key={msg}>{msg}</p>
                ))}
              </Alert>
            ) : null}
            <div className="flex gap-2">
              <Button type="submit" variant="primary" size="sm" pending={save.isPending} disabled={!dirty}>
                Save overrides
              </Button>
              {dirty ? (
                <Button
                  type="button"
                  size="sm"
                  variant="ghost"
                  disabled={save.isPending}
                  onClick={() => {
                    setEffects(effectsOf(stored));
                    save.reset();
                  }}
                >
                  Discard
                </Button>
              ) : null}
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}

function effectsOf(stored: { grant: string[]; deny: string[] } | undefined): Record<string, Effect> {
  const effects: Record<string, Effect> = {};
  for (const k of stored?.grant ?? []) effects[k] = 'grant';
  for (const k of stored?.deny ?? []) effects[k] = 'deny';
  return effects;
}
