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
import { groupByResource } from './member-edit-support';

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
          <div className="grid gap-x-6 gap-y-4 md:grid-cols-2">
            {groupByResource(perms.data.permissions.map((p) => p.permission)).map(([resource, keys]) => (
              <section key={resource} aria-label={resource} className="grid content-start gap-1.5">
                <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{resource}</h3>
                {keys.map((key) => {
                  const entry = perms.data.permissions.find((p) => p.permission === key)!;
                  const denied = entry.decidedBy === 'deny';
                  return (
                    <div
                      key={key}
                      className="flex flex-wrap items-center gap-2 text-[13px]"
                      data-testid="effective-permission"
                      data-permission={key}
                    >
                      <span className="min-w-36 font-mono text-xs">{key}</span>
                      {entry.allowed ? (
                        <Badge tone="success" dot>
                          Allowed
                        </Badge>
                      ) : (
                        <Badge tone="danger" dot>
                          Denied
                        </Badge>
                      )}
                      <span className="text-xs text-muted-foreground">
                        {[...(denied ? ['explicitly denied'] : []), ...entry.sources.map(describeSource)].join(' · ')}
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
