'use client';

import { Mail } from 'lucide-react';
import { useDateTimeFormat } from '@/components/providers/viewer-clock';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { Me } from '@/lib/auth/schemas';

const MEDIUM_SHORT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/**
 * Invitations to your email you have not accepted yet (GET /api/v1/me `pendingInvitations`): tenant, roles, who invited
 * and until when. Accepting needs the link in the invitation mail (it is stored only hashed, so it cannot be shown here).
 * Nothing shows when there are none.
 */
export function PendingInvitations({ invitations }: { invitations: Me['pendingInvitations'] }) {
  const format = useDateTimeFormat(MEDIUM_SHORT);
  if (invitations.length === 0) return null;
  return (
    <Card aria-labelledby="pending-invitations-title" role="region" data-testid="pending-invitations">
      <CardHeader className="flex-col gap-1">
        <CardTitle id="pending-invitations-title">Invitations waiting for you</CardTitle>
        <CardDescription>
          To join, open the link in the invitation mail sent to your address. Ask the person who invited you to resend it if you cannot find
          it.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid divide-y divide-border rounded-lg border border-border">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex items-start gap-3 p-3">
              <Mail aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
              <div className="grid min-w-0 gap-1 text-sm">
                <span className="font-medium break-words">{invitation.tenant.name}</span>
                <span className="flex flex-wrap items-center gap-1 text-xs text-muted-foreground">
                  {invitation.roles.length ? (
                    invitation.roles.map((role) => (
                      <Badge key={role} tone="neutral">
                        {role}
                      </Badge>
                    ))
                  ) : (
                    <span>No role yet</span>
                  )}
                </span>
                <span className="text-xs break-words text-muted-foreground">
                  Invited by {invitation.invitedBy} · open until{' '}
                  <time dateTime={invitation.expiresAt}>{format.format(new Date(invitation.expiresAt))}</time>
                </span>
              </div>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
