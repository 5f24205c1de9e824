'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { RotateCw, ShieldCheck } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import type { AccessSource, MemberPermissions } from './api';
import { PermissionLabel } from '@/components/roles/permission-label';
import { denialReasonText } from '@/lib/access/labels';
import { groupPermissions, inCatalogOrder } from '@/lib/access/permission-catalog';

/** "granted by role qa", "team Night shift (role operator)", "direct grant". */
function describeSource(source: AccessSource): string {
  if (source.type === 'role') return `granted by role ${source.name}`;
  if (source.type === 'team') return `team ${source.name} (role ${source.role.name})`;
  return 'direct grant';
}

/** What the member may do now, grouped by resource, with the role, team or grant behind each permission. */
export function EffectivePermissionsCard({ perms }: { perms: UseQueryResult<MemberPermissions, Error> }) {
  return (
    <Card>
      <CardHeader className="flex-col gap-1">
        <CardTitle>Effective permissions</CardTitle>
        <CardDescription>What this member may do now, and where each permission comes from.</CardDescription>
      </CardHeader>
      <CardContent>
        {perms.isPending ? (
          <Skeleton className="h-40 w-full" />
        ) : perms.isError ? (
          <Alert tone="danger" role="alert" title="The permissions could not be loaded.">
            <span>{perms.error.message} </span>
            <Button variant="link" size="sm" className="align-baseline" onClick={() => void perms.refetch()}>
              <RotateCw aria-hidden="true" />
              Try again
            </Button>
          </Alert>
        ) : perms.data.permissions.length === 0 ? (
          <EmptyState icon={<ShieldCheck />} title="No permissions" headingLevel="h3" size="compact">
            Give this member a role, put them in a team, or grant a permission directly.
          </EmptyState>
        ) : (
          <div className="grid gap-x-6 gap-y-5 lg:grid-cols-2">
            {groupPermissions(inCatalogOrder(perms.data.permissions.map((p) => p.permission))).map((group) => (
              <section key={group.area} aria-label={group.name} className="grid min-w-0 content-start gap-2.5">
                <h3 className="text-xs font-semibold text-muted-foreground">{group.name}</h3>
                {group.permissions.map((info) => {
                  const entry = perms.data.permissions.find((p) => p.permission === info.key)!;
                  // A denied key says why: a deny on the member, or its system switched off (whatever grants it).
                  const why = entry.allowed ? null : denialReasonText(entry.decidedBy);
                  return (
                    <div key={info.key} className="grid gap-1 text-[13px]" data-testid="effective-permission" data-permission={info.key}>
                      <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1">
                        <PermissionLabel info={info} className="min-w-0 flex-1 basis-48" />
                        {entry.allowed ? (
                          <Badge tone="success" dot>
                            Allowed
                          </Badge>
                        ) : (
                          <Badge tone="danger" dot>
                            Denied
                          </Badge>
                        )}
                      </div>
                      <span className="text-xs text-muted-foreground">
                        {[...(why ? [why] : []), ...entry.sources.map(describeSource)].join(' · ')}
                      </span>
                    </div>
                  );
                })}
              </section>
            ))}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
