'use client';

import { Badge } from '@/components/ui/badge';
import type { AuditEventView } from './api';
import { actionTone } from './api';
import { EventDiff } from './event-diff';
import { ShortId } from './short-id';

const ACTOR_TYPE: Record<string, string> = { user: 'User', api_key: 'API key', system: 'System' };

/** Who acted: printed name with the kind of actor (user, API key, system). */
export function ActorCell({ actor }: { actor: AuditEventView['actor'] }) {
  return (
    <span className="flex min-w-0 flex-col">
      <span className="truncate">{actor.name ?? (actor.type === 'system' ? 'Custos' : 'Unknown')}</span>
      <span className="text-xs text-muted-foreground">{ACTOR_TYPE[actor.type] ?? actor.type}</span>
    </span>
  );
}

export function ActionBadge({ action }: { action: string }) {
  return (
    <Badge tone={actionTone(action)} className="font-mono">
      {action}
    </Badge>
  );
}

/** The full event: its changed fields (old → new), the reason, and where it came from. */
export function EventDetails({ event }: { event: AuditEventView }) {
  return (
    <div className="grid gap-3 py-1">
      <EventDiff before={event.before} after={event.after} />
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
