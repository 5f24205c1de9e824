'use client';

import { RecordHistoryButton } from '@/components/audit/record-history-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { Role, System } from './api';

/** Roles of downstream systems: each grants only its system's keys, shown as code with the system's name. */
export function SystemRolesCard({
  tenant,
  roles,
  systems,
  canReadAudit,
  manage,
  onDelete,
}: {
  tenant: string;
  roles: Role[];
  systems: System[];
  canReadAudit: boolean;
  manage: boolean;
  onDelete: (role: Role) => void;
}) {
  const nameOf = (slug: string) => systems.find((s) => s.slug === slug)?.name ?? slug;
  return (
    <Card>
      <CardHeader className="flex-col gap-1">
        <CardTitle>Roles of downstream systems</CardTitle>
        <CardDescription>These grant only their own system&apos;s permissions, whose keys the system defines.</CardDescription>
      </CardHeader>
      <CardContent className="px-0 pb-0">
        <ul aria-label="System roles" className="divide-y divide-border border-t border-border">
          {roles.map((role) => (
            <li
              key={role.id}
              className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 py-3 text-[13px]"
              data-testid="system-role"
            >
              <div className="grid min-w-0 gap-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{role.name}</span>
                  {role.system ? <Badge tone="accent">{nameOf(role.system.slug)}</Badge> : null}
                  <span className="text-xs text-muted-foreground">
                    {role.memberCount} member{role.memberCount === 1 ? '' : 's'}
                  </span>
                </div>
                <div className="flex flex-wrap gap-1">
                  {role.permissions.length === 0 ? (
                    <span className="text-muted-foreground">No permissions</span>
                  ) : (
                    role.permissions.map((key) => (
                      <code key={key} className="rounded border border-border bg-muted px-1 text-[11px] break-all">
                        {key}
                      </code>
                    ))
                  )}
                </div>
              </div>
              <div className="flex items-center gap-1">
                {canReadAudit ? <RecordHistoryButton tenant={tenant} targetType="role" targetId={role.id} name={role.name} /> : null}
                {manage ? (
                  <Button size="sm" variant="secondary" onClick={() => onDelete(role)}>
                    Delete
                  </Button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
