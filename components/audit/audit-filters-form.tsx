'use client';

import { Filter } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { KNOWN_ACTIONS, type AuditFilters } from './api';

const TARGET_TYPES = [
  'member',
  'role',
  'team',
  'invitation',
  'api_key',
  'system',
  'site',
  'batch',
  'inspection',
  'signature',
  'note',
  'attachment',
  'tenant',
  'user',
];

export type AuditFiltersFormProps = {
  draft: AuditFilters;
  onDraftChange: (draft: AuditFilters) => void;
  /** Some filter is applied: offers "Clear filters". */
  active: boolean;
  onApply: (filters: AuditFilters) => void;
  onClear: () => void;
};

/** The audit trail's filters (action or prefix, actor, target type and id, dates), applied on submit. */
export function AuditFiltersForm({ draft, onDraftChange: setDraft, active, onApply, onClear }: AuditFiltersFormProps) {
  return (
    <form
      aria-label="Filter the audit trail"
      className="grid gap-3 rounded-lg border border-border p-4 sm:grid-cols-2 lg:grid-cols-[1.2fr_1fr_0.9fr_1fr_auto_auto] lg:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <FormField label="Action">
        <Input
          name="action"
          list="audit-actions"
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          placeholder="role.updated or role."
          title="Exact, or a prefix ending in . or *"
        />
      </FormField>
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <FormField label="Actor id">
        <Input
          name="actorId"
          value={draft.actorId}
          onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}
          className="font-mono"
          placeholder="user or API key id"
        />
      </FormField>
      <FormField label="Target type">
        <Input
          name="targetType"
          list="audit-target-types"
          value={draft.targetType}
          onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}
          placeholder="member"
        />
      </FormField>
      <datalist id="audit-target-types">
        {TARGET_TYPES.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <FormField label="Target id">
        <Input
          name="targetId"
          value={draft.targetId}
          onChange={(e) => setDraft({ ...draft, targetId: e.target.value })}
          className="font-mono"
        />
      </FormField>
      <FormField label="From">
        <Input name="from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      </FormField>
      <FormField label="To">
        <Input name="to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      </FormField>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-6 lg:justify-end">
        {active ? (
          <Button type="button" onClick={onClear}>
            Clear filters
          </Button>
        ) : null}
        <Button type="submit" variant="primary">
          <Filter aria-hidden="true" />
          Apply filters
        </Button>
      </div>
    </form>
  );
}
