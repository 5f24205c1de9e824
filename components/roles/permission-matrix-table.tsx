'use client';

import * as React from 'react';
import { Trash2 } from 'lucide-react';
import { RecordHistoryButton } from '@/components/audit/record-history-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { SortableHead } from '@/components/ui/sortable-head';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { useTableSort } from '@/components/ui/use-list-params';
import { describePermission, type PermissionInfo } from '@/lib/access/permission-catalog';
import { PERMISSIONS } from '@/lib/access/permissions';
import { PermissionLabel } from './permission-label';
import type { Role } from './api';

const SORTS = ['area', 'title'] as const;
const CATALOG = PERMISSIONS.map((key) => describePermission(key));
const byText = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });

/**
 * The catalog's rows in the URL's order: by area (areas A–Z or Z–A, each in catalog order: read before manage)
 * or by title. `span` is how many rows the area cell covers (0: covered by the row above), when ordered by area.
 */
function orderedRows(sort: { id: string; desc: boolean }): Array<{ info: PermissionInfo; span: number }> {
  const flip = (n: number) => (sort.desc ? -n : n);
  if (sort.id === 'title') return [...CATALOG].sort((a, b) => flip(byText(a.title, b.title))).map((info) => ({ info, span: 1 }));
  const areas = [...new Set(CATALOG.map((p) => p.areaName))].sort((a, b) => flip(byText(a, b)));
  return areas.flatMap((name) => {
    const rows = CATALOG.filter((p) => p.areaName === name);
    return rows.map((info, i) => ({ info, span: i === 0 ? rows.length : 0 }));
  });
}

/**
 * The permission matrix: every catalog permission as a row (title, description and key), each role as a column of
 * checkboxes. Sortable by area or title (`?sort=area|title&dir=`, aria-sort on the header). On a phone one role's
 * column shows at a time, picked above the table, and the area moves under the title.
 */
export function PermissionMatrixTable({
  tenant,
  roles,
  checkedOf,
  disabledReason,
  busy,
  canReadAudit,
  manage,
  onToggle,
  onDelete,
}: {
  tenant: string;
  roles: Role[];
  checkedOf: (role: Role, permission: string) => boolean;
  disabledReason: (role: Role, permission: string, checked: boolean) => string | null;
  busy: boolean;
  canReadAudit: boolean;
  manage: boolean;
  onToggle: (role: Role, permission: string, on: boolean) => void;
  onDelete: (role: Role) => void;
}) {
  const sort = useTableSort({ default: { id: 'area', desc: false }, allowed: SORTS });
  const rows = React.useMemo(() => orderedRows(sort), [sort]);
  const [picked, setPicked] = React.useState<string | null>(null);
  const shown = roles.find((r) => r.id === picked) ?? roles[0];
  const order = (id: (typeof SORTS)[number]) => () => sort.set({ id, desc: sort.id === id ? !sort.desc : false });
  const phoneHidden = (role: Role) => (role.id === shown?.id ? undefined : 'hidden md:table-cell');

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 md:hidden">
        <div className="flex items-center gap-2">
          <Label htmlFor="matrix-role">Role</Label>
          <select
            id="matrix-role"
            className={cn(controlClasses, 'h-8 w-auto')}
            value={shown?.id}
            onChange={(e) => setPicked(e.target.value)}
          >
            {roles.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-2">
          <Label htmlFor="matrix-order">Order</Label>
          <select
            id="matrix-order"
            className={cn(controlClasses, 'h-8 w-auto')}
            value={sort.id}
            onChange={(e) => sort.set({ id: e.target.value, desc: false })}
          >
            <option value="area">By area</option>
            <option value="title">By title</option>
          </select>
        </div>
      </div>
      <Table aria-label="Permission matrix">
        <TableHeader>
          <TableRow>
            <SortableHead
              label="Area"
              active={sort.id === 'area'}
              direction={sort.desc ? 'descending' : 'ascending'}
              onSort={order('area')}
              className="hidden w-40 md:table-cell"
            />
            <SortableHead
              label="Permission"
              active={sort.id === 'title'}
              direction={sort.desc ? 'descending' : 'ascending'}
              onSort={order('title')}
            />
            {roles.map((role) => (
              <TableHead
                key={role.id}
                className={cn('text-center align-bottom whitespace-normal', phoneHidden(role))}
                data-testid={`role-column-${role.name}`}
              >
                <div className="flex flex-col items-center gap-1 py-1">
                  <span className="font-medium break-all text-foreground">{role.name}</span>
                  {role.isDefault ? <Badge tone="info">Default</Badge> : <Badge>Custom</Badge>}
                  <span className="text-xs font-normal whitespace-nowrap text-muted-foreground">
                    {role.memberCount} member{role.memberCount === 1 ? '' : 's'}
                  </span>
                  <div className="flex items-center gap-0.5">
                    {canReadAudit ? (
                      <RecordHistoryButton tenant={tenant} targetType="role" targetId={role.id} name={role.name} iconOnly />
                    ) : null}
                    {manage && !role.isDefault ? (
                      <Button size="icon-sm" variant="ghost" aria-label={`Delete role ${role.name}`} onClick={() => onDelete(role)}>
                        <Trash2 aria-hidden="true" />
                      </Button>
                    ) : null}
                  </div>
                </div>
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map(({ info, span }) => (
            <React.Fragment key={info.key}>
              {span > 0 ? (
                <TableRow className="bg-muted/40 md:hidden">
                  <TableHead scope="rowgroup" colSpan={roles.length + 2} className="h-8 text-foreground">
                    {info.areaName}
                  </TableHead>
                </TableRow>
              ) : null}
              <TableRow data-testid="matrix-row" data-permission={info.key}>
                {span > 0 ? (
                  <TableCell rowSpan={span} className="hidden align-top text-[13px] font-medium md:table-cell" data-testid="matrix-area">
                    {info.areaName}
                  </TableCell>
                ) : null}
                <TableCell className="min-w-0 align-top first:pl-3 md:min-w-72">
                  <PermissionLabel info={info} className="text-[13px]" />
                  {sort.id === 'title' ? <span className="text-xs text-muted-foreground md:hidden">Area: {info.areaName}</span> : null}
                </TableCell>
                {roles.map((role) => {
                  const checked = checkedOf(role, info.key);
                  const reason = disabledReason(role, info.key, checked);
                  const dirty = checked !== role.permissions.includes(info.key);
                  return (
                    <TableCell key={role.id} className={cn('text-center', dirty && 'bg-warning/10', phoneHidden(role))}>
                      <input
                        type="checkbox"
                        className="size-4 accent-primary disabled:opacity-50"
                        checked={checked}
                        disabled={reason !== null || busy}
                        title={reason ?? undefined}
                        aria-label={`${role.name}: ${info.key}, ${info.title}`}
                        onChange={(e) => onToggle(role, info.key, e.target.checked)}
                      />
                    </TableCell>
                  );
                })}
              </TableRow>
            </React.Fragment>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
