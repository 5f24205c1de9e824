'use client';

import { useQuery } from '@tanstack/react-query';
import { CircleCheck, History } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { api, keys, paths, type AuditEvent, type BatchDetailView, type Page } from './api';
import { BatchStatusBadge } from './status';

const ACTION_LABEL: Record<string, string> = {
  'batch.created': 'Planned',
  'batch.updated': 'Corrected',
  'batch.production_started': 'Production started',
  'batch.quarantined': 'Quarantined',
  'batch.submitted_for_review': 'Submitted for review',
  'batch.released': 'Released',
  'batch.rejected': 'Rejected',
  'batch.recalled': 'Recalled',
  'signature.failed': 'Signature refused (wrong password)',
  'note.added': 'Note added',
  'attachment.added': 'File attached',
  'serials.generation_requested': 'Serials requested',
  'serials.generated': 'Serials generated',
  'serials.generation_failed': 'Serial generation failed',
  'serials.status_changed': 'Serial status changed',
  'serials.recalled': 'Serials recalled',
};

/**
 * The batch's audit events (GET audit-events?targetType=batch&targetId=…, with audit.read); without that permission
 * or API, its status history from the batch record.
 */
export function BatchHistory({ tenant, batch, canReadAudit }: { tenant: string; batch: BatchDetailView; canReadAudit: boolean }) {
  const audit = useQuery({
    queryKey: [...keys.batch(tenant, batch.id), 'audit', batch.updatedAt],
    queryFn: () =>
      api<Page<AuditEvent>>(
        `${paths.auditEvents(tenant)}?${new URLSearchParams({ targetType: 'batch', targetId: batch.id, limit: '100' })}`,
      ),
    enabled: canReadAudit,
    retry: false,
  });
  if (canReadAudit && audit.isPending) {
    return (
      <Card aria-busy="true" aria-label="Loading the history" className="grid gap-3 p-4">
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-2/3" />
      </Card>
    );
  }
  if (canReadAudit && audit.data) {
    const events = audit.data.data;
    return (
      <Card className="overflow-hidden p-0">
        {events.length === 0 ? (
          <EmptyState size="compact" headingLevel="h3" icon={<History />} title="No audit events">
            Every change of this batch is audited here.
          </EmptyState>
        ) : (
          <Table aria-label="Audit events of the batch">
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>What</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>Change</TableHead>
                <TableHead>Reason</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((e) => (
                <TableRow key={e.id} data-testid="history-row">
                  <TableCell>
                    <LocalTime iso={e.occurredAt} />
                  </TableCell>
                  <TableCell className="font-medium whitespace-nowrap">
                    {ACTION_LABEL[e.action] ?? e.action}
                    <span className="ml-2 font-mono text-[11px] font-normal text-muted-foreground">{e.action}</span>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{e.actor.name ?? e.actor.type}</TableCell>
                  <TableCell className="max-w-96 text-xs">
                    <ChangeSummary before={e.before} after={e.after} />
                  </TableCell>
                  <TableCell className="max-w-72 text-muted-foreground">{e.reason ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    );
  }
  // The batch's own status history (always there).
  return (
    <Card className="overflow-hidden p-0">
      {canReadAudit && audit.isError ? (
        <p className="border-b border-border px-4 py-2 text-xs text-muted-foreground">
          The audit trail could not be read ({audit.error.message}); this is the batch&apos;s status history.
        </p>
      ) : null}
      <Table aria-label="Status history of the batch">
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Move</TableHead>
            <TableHead>Who</TableHead>
            <TableHead>Reason</TableHead>
            <TableHead>Signed</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {[...batch.history].reverse().map((h) => (
            <TableRow key={h.id} data-testid="history-row">
              <TableCell>
                <LocalTime iso={h.occurredAt} />
              </TableCell>
              <TableCell>
                <div className="flex items-center gap-1.5">
                  {h.from ? <BatchStatusBadge status={h.from} /> : <span className="text-xs text-muted-foreground">New</span>}
                  <span aria-label="to">→</span>
                  <BatchStatusBadge status={h.to} />
                </div>
              </TableCell>
              <TableCell className="whitespace-nowrap">{h.actor.name}</TableCell>
              <TableCell className="max-w-72 text-muted-foreground">{h.reason ?? '—'}</TableCell>
              <TableCell>
                {h.signatureId ? (
                  <CircleCheck aria-label="Signed" className="size-4 text-success" />
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

function ChangeSummary({ before, after }: { before: Record<string, unknown> | null; after: Record<string, unknown> | null }) {
  const keysOf = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changed = [...keysOf].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]) && k !== 'updatedAt');
  if (changed.length === 0) return <span className="text-muted-foreground">—</span>;
  const show = (v: unknown) =>
    v === null || v === undefined
      ? '∅'
      : typeof v === 'object'
        ? 'meaning' in v
          ? `signed (${String(v.meaning)})`
          : JSON.stringify(v)
        : typeof v === 'string'
          ? v
          : JSON.stringify(v); // numbers and booleans: audit values are JSON
  return (
    <ul className="grid gap-0.5">
      {changed.slice(0, 4).map((k) => (
        <li key={k} className="truncate">
          <span className="text-muted-foreground">{k}:</span> {before ? <s className="text-muted-foreground">{show(before[k])}</s> : null}{' '}
          {show(after?.[k])}
        </li>
      ))}
      {changed.length > 4 ? <li className="text-muted-foreground">and {changed.length - 4} more</li> : null}
    </ul>
  );
}
