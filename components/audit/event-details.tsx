'use client';

import { Badge } from '@/components/ui/badge';
import { actorTypeLabel } from '@/lib/access/labels';
import { auditActionLabel } from '@/lib/audit/action-labels';
import type { AuditEventView } from './api';
import { actionTone } from './api';
import { AuditSentence } from './audit-sentence';
import { EventDiff } from './event-diff';
import { ShortId } from './short-id';

/** Who acted: printed name with the kind of actor (person, API key, Custos). */
export function ActorCell({ actor }: { actor: AuditEventView['actor'] }) {
  return (
    <span className="flex min-w-0 flex-col">
      <span className="truncate">{actor.name ?? (actor.type === 'system' ? 'Custos' : 'Unknown')}</span>
      <span className="text-xs text-muted-foreground">{actorTypeLabel(actor.type)}</span>
    </span>
  );
}

/** The action's short label ("Batch released"; lib/audit/action-labels.ts) in a badge of its tone. */
export function ActionBadge({ action }: { action: string }) {
  return (
    <Badge tone={actionTone(action)} data-action={action}>
      {auditActionLabel(action)}
    </Badge>
  );
}

/** The full event: its changed fields (old → new), the reason, and where it came from. */
export function EventDetails({ event }: { event: AuditEventView }) {
  return (
    <div className="grid gap-3 py-1">
      <p className="text-[13px]">
        <AuditSentence event={event} />
      </p>
      <EventDiff before={event.before} after={event.after} event={event} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs text-muted-foreground">
        {event.reason ? (
          <>
            <dt>Reason</dt>
            <dd className="text-foreground">{event.reason}</dd>
          </>
        ) : null}
        <dt>Event</dt>
        <dd>
          <ShortId id={event.id} />
        </dd>
        {event.actor.id ? (
          <>
            <dt>Actor id</dt>
            <dd>
              <ShortId id={event.actor.id} />
            </dd>
          </>
        ) : null}
        <dt>Request</dt>
        <dd>{event.requestId ? <ShortId id={event.requestId} length={12} /> : '—'}</dd>
        <dt>IP · agent</dt>
        <dd className="break-all">
          {event.ip ?? '—'} · {event.userAgent ?? '—'}
        </dd>
        <dt>Hash</dt>
        <dd className="font-mono break-all">{event.hash}</dd>
      </dl>
    </div>
  );
}
