'use client';

import * as React from 'react';
import { Lock } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { useLocalTableSort } from '@/components/ui/use-list-params';
import { auditFieldLabel, auditValueLabel, keyedByValues } from '@/lib/audit/field-labels';
import { UUID_PATTERN } from '@/lib/plain-words';
import { ShortId } from './short-id';

/** What the values of an event are about: their words depend on the action and the kind of record. */
type EventKind = { action: string; targetType: string | null };
const NO_EVENT: EventKind = { action: '', targetType: null };
const isId = (v: string) => v.length === 36 && UUID_PATTERN.test(v);

/** What lib/audit/mask.ts writes in place of a secret. */
const MASK = '[redacted]';

type Change = { path: string; before: unknown; after: unknown; kind: 'added' | 'removed' | 'changed' };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The changed fields of an event, one line each with its dotted path: objects on both sides are walked into, so a
 * nested change reads `settings.session.idleMinutes 30 → 15`; lists and scalars are compared whole.
 */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Change[] {
  const out: Change[] = [];
  const walk = (b: unknown, a: unknown, path: string) => {
    if (isObject(b) && isObject(a)) {
      for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) walk(b[key], a[key], path ? `${path}.${key}` : key);
      return;
    }
    if (same(b, a)) return;
    out.push({ path, before: b, after: a, kind: b === undefined ? 'added' : a === undefined ? 'removed' : 'changed' });
  };
  if (before === null && after === null) return out;
  if (before === null) {
    for (const [key, value] of Object.entries(after ?? {})) out.push({ path: key, before: undefined, after: value, kind: 'added' });
    return out;
  }
  if (after === null) {
    for (const [key, value] of Object.entries(before)) out.push({ path: key, before: value, after: undefined, kind: 'removed' });
    return out;
  }
  walk(before, after, '');
  return out;
}

/**
 * One value, readable: coded values (statuses, meanings, permissions) in words, ids shortened with a copy button,
 * masked secrets as a lock badge, lists as chips, objects field by field.
 */
export function AuditValue({ value, path = '', event = NO_EVENT }: { value: unknown; path?: string; event?: EventKind }) {
  if (value === undefined) return <span className="text-muted-foreground italic">absent</span>;
  if (value === null) return <span className="text-muted-foreground">empty</span>;
  if (value === MASK) {
    return (
      <Badge tone="neutral" title="A secret: the audit trail never stores it">
        <Lock aria-hidden="true" />
        masked
      </Badge>
    );
  }
  if (typeof value === 'boolean') return <span>{value ? 'Yes' : 'No'}</span>;
  if (typeof value === 'number') return <span className="font-mono tabular-nums">{value}</span>;
  if (typeof value === 'string') {
    if (value === '') return <span className="text-muted-foreground">empty text</span>;
    const words = auditValueLabel(path, value, event);
    if (words) return <span title={value}>{words}</span>;
    if (isId(value)) return <ShortId id={value} />;
    return <span className="break-words whitespace-pre-wrap">{value}</span>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-muted-foreground">none</span>;
    if (value.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return (
        <span className="flex flex-wrap gap-1">
          {value.map((v, i) => (
            <code
              key={i}
              className="rounded border border-border bg-card px-1 text-[11px]"
              title={typeof v === 'string' ? (auditValueLabel(path, v, event) ?? undefined) : undefined}
            >
              {String(v)}
            </code>
          ))}
        </span>
      );
    }
  }
  if (isObject(value) && Object.keys(value).length > 0 && Object.keys(value).length <= 12) {
    return (
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        {Object.entries(value).map(([k, v]) => (
          <React.Fragment key={k}>
            <dt className="text-muted-foreground">
              {keyedByValues(path, event) ? (auditValueLabel(path, k, event) ?? k) : auditFieldLabel(k)}
            </dt>
            <dd className="min-w-0 break-all">
              <AuditValue value={v} path={keyedByValues(path, event) ? '' : k} event={event} />
            </dd>
          </React.Fragment>
        ))}
      </dl>
    );
  }
  return (
    <pre className="max-h-48 overflow-auto rounded border border-border bg-card p-1.5 font-mono text-[11px] whitespace-pre-wrap">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** For two lists of words, the items added and removed, which say more than the two whole lists. */
function listDelta(before: unknown, after: unknown): { added: string[]; removed: string[] } | null {
  const words = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');
  if (!words(before) || !words(after)) return null;
  const b = (before as unknown[]).map(String);
  const a = (after as unknown[]).map(String);
  return { added: a.filter((x) => !b.includes(x)), removed: b.filter((x) => !a.includes(x)) };
}

/** The words a value sorts by: what `AuditValue` shows, as text (an absent value sorts last). */
function sortText(value: unknown, path: string, event: EventKind): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === MASK) return '';
  if (typeof value === 'string') return (auditValueLabel(path, value, event) ?? value).toLowerCase();
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(String).join(', ').toLowerCase();
  return JSON.stringify(value);
}

function AfterValue({ change: c, event }: { change: Change; event: EventKind }) {
  const delta = listDelta(c.before, c.after);
  return (
    <>
      <AuditValue value={c.after} path={c.path} event={event} />
      {delta && (delta.added.length > 0 || delta.removed.length > 0) ? (
        <span className="mt-1 flex flex-wrap gap-1">
          {delta.added.map((x) => (
            <Badge key={`+${x}`} tone="success" title={x} className="whitespace-normal">
              + {auditValueLabel(c.path, x, event) ?? x}
            </Badge>
          ))}
          {delta.removed.map((x) => (
            <Badge key={`-${x}`} tone="danger" title={x} className="whitespace-normal">
              − {auditValueLabel(c.path, x, event) ?? x}
            </Badge>
          ))}
        </span>
      ) : null}
    </>
  );
}

/** The columns of a diff: Field, then Before (not for a created record), then After (not for a removed one). */
function diffColumns(event: EventKind, created: boolean, removed: boolean): DataTableColumn<Change>[] {
  const field: DataTableColumn<Change> = {
    id: 'field',
    header: 'Field',
    accessorFn: (c) => auditFieldLabel(c.path).toLowerCase(),
    meta: { primary: true, headClassName: 'md:w-40', cellClassName: 'align-top font-normal text-foreground' },
    cell: ({ row }) => auditFieldLabel(row.original.path),
  };
  // The old value tinted red unless the field is new, the new one green unless the field is gone (`data-kind` of the row).
  const before: DataTableColumn<Change> = {
    id: 'before',
    header: 'Before',
    accessorFn: (c) => sortText(c.before, c.path, event),
    meta: { cellClassName: 'align-top bg-danger/5 [tr[data-kind=added]>&]:bg-transparent' },
    cell: ({ row }) => <AuditValue value={row.original.before} path={row.original.path} event={event} />,
  };
  const after: DataTableColumn<Change> = {
    id: 'after',
    header: 'After',
    accessorFn: (c) => sortText(c.after, c.path, event),
    meta: { cellClassName: 'align-top bg-success/5 [tr[data-kind=removed]>&]:bg-transparent' },
    cell: ({ row }) => <AfterValue change={row.original} event={event} />,
  };
  return [field, ...(created ? [] : [before]), ...(removed ? [] : [after])];
}

/**
 * The before/after of an event as a table of changed fields: field, old → new. In field order until a header is
 * clicked, then by that column. The order lives in the component (`useLocalTableSort`), not in the URL: a page shows
 * one diff per opened event (audit trail, record histories, platform audit), and they would share one URL parameter.
 */
export function EventDiff({
  before,
  after,
  event = NO_EVENT,
  className,
}: {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The event's action and target type, so statuses and other coded values read in words. */
  event?: EventKind;
  className?: string;
}) {
  // No column is named `recorded`: until a header is chosen the fields stay in the order the diff found them.
  const sort = useLocalTableSort({ default: { id: 'recorded', desc: false } });
  const created = before === null && after !== null;
  const removed = after === null && before !== null;
  const { action, targetType } = event;
  const columns = React.useMemo(() => diffColumns({ action, targetType }, created, removed), [action, targetType, created, removed]);
  const changes = React.useMemo(() => diffFields(before, after), [before, after]);
  if (changes.length === 0) {
    return <p className={cn('text-xs text-muted-foreground', className)}>No field values recorded for this event.</p>;
  }
  return (
    <DataTable
      label="Changed fields"
      columns={columns}
      data={changes}
      getRowId={(c) => c.path}
      sort={sort}
      rowTestId="diff-row"
      rowProps={(c) => ({ 'data-field': c.path, 'data-kind': c.kind })}
      className={className}
      data-testid="event-diff"
    />
  );
}
