'use client';

import { LocalTime } from '@/components/members/local-time';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { InvitationView } from './api';

export type InvitationsTableProps = {
  rows: InvitationView[];
  /** The rows are the previous filter's while the new ones load. */
  stale: boolean;
  /** The invitation being sent again, if any (the other Resend buttons wait). */
  resendingId: string | null;
  onResend: (invitation: InvitationView) => void;
  onRevoke: (invitation: InvitationView) => void;
};

/** One row per invitation: address, roles and teams, status, who invited, when sent and when it expires, Resend and Revoke. */
export function InvitationsTable({ rows, stale, resendingId, onResend, onRevoke }: InvitationsTableProps) {
  return (
    <Table aria-label="Invitations" aria-busy={stale || undefined} className={cn(stale && 'opacity-60 transition-opacity')}>
      <TableHeader>
        <TableRow>
          <TableHead>Email</TableHead>
          <TableHead>Roles and teams</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Invited by</TableHead>
          <TableHead>Sent</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead className="text-right">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((inv) => {
          const resending = resendingId === inv.id;
          return (
            <TableRow key={inv.id} data-testid="invitation-row" data-status={inv.status}>
              <TableCell className="max-w-64">
                <span className="block truncate font-medium" title={inv.email}>
                  {inv.email}
                </span>
              </TableCell>
              <TableCell>
                <div className="flex flex-wrap gap-1">
                  {inv.roles.map((r) => (
                    <Badge key={r.id} tone={r.name === 'admin' ? 'accent' : 'neutral'}>
                      {r.name}
                    </Badge>
                  ))}
                  {inv.teams.map((t) => (
                    <Badge key={t.id} tone="info">
                      {t.name}
                    </Badge>
                  ))}
                  {inv.roles.length + inv.teams.length === 0 ? <span className="text-muted-foreground">—</span> : null}
                </div>
              </TableCell>
              <TableCell>
                <StatusBadge status={inv.status} />
              </TableCell>
              <TableCell className="whitespace-nowrap">{inv.invitedBy.name}</TableCell>
              <TableCell>
                <div className="flex flex-col">
                  <LocalTime iso={inv.lastSentAt} />
                  {inv.sentCount > 1 ? <span className="text-xs text-muted-foreground">Sent {inv.sentCount} times</span> : null}
                </div>
              </TableCell>
              <TableCell>
                {inv.status === 'accepted' ? (
                  <div className="flex flex-col">
                    <span className="text-xs text-muted-foreground">Accepted</span>
                    <LocalTime iso={inv.acceptedAt} />
                  </div>
                ) : inv.status === 'revoked' ? (
                  <div className="flex flex-col">
                    <span className="text-xs text-muted-foreground">Revoked</span>
                    <LocalTime iso={inv.revokedAt} />
                  </div>
                ) : (
                  <span className={cn(inv.status === 'expired' && 'text-muted-foreground')}>
                    <LocalTime iso={inv.expiresAt} />
                  </span>
                )}
              </TableCell>
              <TableCell className="text-right">
                {inv.status === 'pending' || inv.status === 'expired' ? (
                  <div className="flex justify-end gap-1.5">
                    <Button
                      size="sm"
                      onClick={() => onResend(inv)}
                      pending={resending}
                      disabled={resendingId !== null}
                      aria-label={`Resend the invitation to ${inv.email}`}
                    >
                      Resend
                    </Button>
                    {inv.status === 'pending' ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-danger hover:text-danger"
                        onClick={() => onRevoke(inv)}
                        aria-label={`Revoke the invitation to ${inv.email}`}
                      >
                        Revoke
                      </Button>
                    ) : null}
                  </div>
                ) : null}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
