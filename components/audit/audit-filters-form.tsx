'use client';

import { Filter, X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { auditActionLabel, TARGET_TYPE_LABEL, targetTypeLabel } from '@/lib/audit/action-labels';
import { KNOWN_ACTIONS, type AuditFilters } from './api';
import { PeoplePicker, type PickedPerson } from './people-picker';
import { ShortId } from './short-id';

/** The record kinds the trail knows, in words, for the target-type select ("API key", "Batch", …). */
const TARGET_TYPES = Object.keys(TARGET_TYPE_LABEL)
  .map((value) => ({ value, label: targetTypeLabel(value, true) }))
  .sort((a, b) => a.label.localeCompare(b.label));

/** The actions grouped by the kind of record they touch; the group's first option is every action of that kind. */
const ACTION_GROUPS = Object.entries(
  KNOWN_ACTIONS.reduce<Record<string, string[]>>((groups, action) => {
    const kind = action.split('.')[0];
    (groups[kind] ??= []).push(action);
    return groups;
  }, {}),
)
  .map(([kind, actions]) => ({ kind, label: targetTypeLabel(kind, true), actions }))
  .sort((a, b) => a.label.localeCompare(b.label));
const KNOWN_ACTION_VALUES = new Set<string>([...KNOWN_ACTIONS, ...ACTION_GROUPS.map((g) => `${g.kind}.`)]);

/** The message when the dates are the wrong way round (the API would refuse them), else null. */
export const dateRangeError = (filters: Pick<AuditFilters, 'from' | 'to'>): string | null =>
  filters.from && filters.to && filters.from > filters.to ? 'The “to” date is before the “from” date.' : null;

export type AuditFiltersFormProps = {
  tenant: string;
  draft: AuditFilters;
  onDraftChange: (draft: AuditFilters) => void;
  /** The chosen person's name (from the picker, or the events of the filtered trail). */
  personName: string | null;
  onPersonPicked: (person: PickedPerson | null) => void;
  /** Why the person search is not available (no members.read). */
  peopleDisabledReason?: string;
  /** Some filter is applied: offers "Clear filters". */
  active: boolean;
  onApply: (filters: AuditFilters) => void;
  onClear: () => void;
};

/**
 * The audit trail's filters: the action (by kind, or one action), the person who acted (searched by name or email),
 * the kind of record, and a date range; applied on submit, kept in the URL. A record's id is not typed in: "History
 * of this record" on an event sets it, and it shows here as a removable chip.
 */
export function AuditFiltersForm({
  tenant,
  draft,
  onDraftChange: setDraft,
  personName,
  onPersonPicked,
  peopleDisabledReason,
  active,
  onApply,
  onClear,
}: AuditFiltersFormProps) {
  const rangeError = dateRangeError(draft);
  const person = draft.actorId ? { id: draft.actorId, name: personName ?? 'Someone (not a current member)' } : null;
  return (
    <form
      aria-label="Filter the audit trail"
      className="grid gap-3 rounded-lg border border-border p-4 sm:grid-cols-2 lg:grid-cols-[1.2fr_1.2fr_1fr_0.9fr_0.9fr] lg:items-start"
      onSubmit={(e) => {
        e.preventDefault();
        if (!rangeError) onApply(draft);
      }}
    >
      <FormField label="Action">
        <select
          name="action"
          className={cn(controlClasses, 'h-8')}
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
        >
          <option value="">Any action</option>
          {draft.action && !KNOWN_ACTION_VALUES.has(draft.action) ? (
            <option value={draft.action}>{auditActionLabel(draft.action)}</option>
          ) : null}
          {ACTION_GROUPS.map((group) => (
            <optgroup key={group.kind} label={group.label}>
              <option value={`${group.kind}.`}>Any {targetTypeLabel(group.kind)} event</option>
              {group.actions.map((action) => (
                <option key={action} value={action}>
                  {auditActionLabel(action)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </FormField>
      <PeoplePicker
        tenant={tenant}
        value={person}
        disabledReason={peopleDisabledReason}
        onChange={(picked) => {
          onPersonPicked(picked);
          setDraft({ ...draft, actorId: picked?.id ?? '' });
        }}
      />
      <FormField label="Record type">
        <select
          name="targetType"
          className={cn(controlClasses, 'h-8')}
          value={draft.targetType}
          onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}
        >
          <option value="">Any record</option>
          {draft.targetType && !(draft.targetType in TARGET_TYPE_LABEL) ? (
            <option value={draft.targetType}>{targetTypeLabel(draft.targetType, true)}</option>
          ) : null}
          {TARGET_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </FormField>
      <FormField label="From">
        <Input
          name="from"
          type="date"
          value={draft.from}
          max={draft.to || undefined}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
      </FormField>
      <FormField label="To" error={rangeError ?? undefined}>
        <Input
          name="to"
          type="date"
          value={draft.to}
          min={draft.from || undefined}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
      </FormField>
      <div className="flex flex-wrap items-center gap-2 sm:col-span-2 lg:col-span-5">
        {draft.targetId ? (
          <span
            className="inline-flex min-w-0 items-center gap-1.5 rounded-md border border-border bg-muted/40 py-0.5 pr-0.5 pl-2 text-xs"
            data-testid="record-filter"
          >
            <span>History of {draft.targetType ? targetTypeLabel(draft.targetType) : 'record'}</span>
            <ShortId id={draft.targetId} />
            <Button
              type="button"
              size="icon-sm"
              variant="ghost"
              aria-label="Show every record again"
              onClick={() => setDraft({ ...draft, targetId: '' })}
            >
              <X aria-hidden="true" />
            </Button>
          </span>
        ) : null}
        <div className="ml-auto flex gap-2">
          {active ? (
            <Button type="button" onClick={onClear}>
              Clear filters
            </Button>
          ) : null}
          <Button type="submit" disabled={Boolean(rangeError)}>
            <Filter aria-hidden="true" />
            Apply filters
          </Button>
        </div>
      </div>
    </form>
  );
}
