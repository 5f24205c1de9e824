'use client';

import { Filter, X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { ShortId } from '@/components/audit/short-id';
import { dateRangeError } from '@/components/audit/audit-filters-form';
import { auditActionLabel, targetTypeLabel } from '@/lib/audit/action-labels';
import { PLATFORM_ACTION_OPTIONS } from '@/lib/platform-admin/labels';
import type { PlatformAuditFilters, TenantOption } from './platform-audit-query';

/** The kinds of record the platform trail is about: tenants, accounts and sessions. */
const RECORD_TYPES = ['tenant', 'user', 'session'].map((value) => ({ value, label: targetTypeLabel(value, true) }));

/** The platform's actions grouped by the kind of record they touch ("Tenant", "Account", "Session"). */
const ACTION_GROUPS = RECORD_TYPES.map((type) => ({
  ...type,
  actions: PLATFORM_ACTION_OPTIONS.filter((o) => o.value.split('.')[0].replace(/s$/, '') === type.value),
})).filter((group) => group.actions.length > 0);
const KNOWN_ACTIONS = new Set<string>(PLATFORM_ACTION_OPTIONS.map((o) => o.value));

/** A removable chip for a filter set from an event ("By Dana Whitfield", "History of account 1a2b3c4d"). */
function FilterChip({
  children,
  onRemove,
  removeLabel,
  testId,
}: {
  children: React.ReactNode;
  onRemove: () => void;
  removeLabel: string;
  testId: string;
}) {
  return (
    <span
      className="inline-flex max-w-full min-w-0 items-center gap-1.5 rounded-md border border-border bg-muted/40 py-0.5 pr-0.5 pl-2 text-xs"
      data-testid={testId}
    >
      <span className="inline-flex min-w-0 flex-wrap items-center gap-1">{children}</span>
      <Button type="button" size="icon-sm" variant="ghost" aria-label={removeLabel} onClick={onRemove}>
        <X aria-hidden="true" />
      </Button>
    </span>
  );
}

/**
 * The platform trail's filters, in words: the action, the kind of record, one tenant, and a date range (a reversed
 * range is refused with a message). The person who acted and one account or session are set from an event ("Events by
 * …", "History of this …") and show as removable chips. Applied on submit, kept in the URL.
 */
export function PlatformAuditFilters({
  draft,
  onDraftChange: setDraft,
  tenants,
  actorName,
  active,
  onApply,
  onClear,
}: {
  draft: PlatformAuditFilters;
  onDraftChange: (draft: PlatformAuditFilters) => void;
  /** The tenants offered by the tenant filter (A–Z), or null while they load. */
  tenants: TenantOption[] | null;
  /** The name of the person in `actorId`, when known. */
  actorName: string | null;
  active: boolean;
  onApply: (filters: PlatformAuditFilters) => void;
  onClear: () => void;
}) {
  const rangeError = dateRangeError(draft);
  const tenantId = draft.targetType === 'tenant' ? draft.targetId : '';
  const otherRecord = draft.targetId && draft.targetType !== 'tenant';
  return (
    <form
      aria-label="Filter the platform trail"
      className="grid gap-3 rounded-lg border border-border p-4 sm:grid-cols-2 lg:grid-cols-[1.3fr_1fr_1.2fr_0.9fr_0.9fr] lg:items-start"
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
          {draft.action && !KNOWN_ACTIONS.has(draft.action) ? <option value={draft.action}>{auditActionLabel(draft.action)}</option> : null}
          {ACTION_GROUPS.map((group) => (
            <optgroup key={group.value} label={group.label}>
              {group.actions.map((action) => (
                <option key={action.value} value={action.value}>
                  {action.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </FormField>
      <FormField label="Record type">
        <select
          name="targetType"
          className={cn(controlClasses, 'h-8')}
          value={draft.targetType}
          // Another kind of record: the one record chosen before (a tenant, an account) no longer applies.
          onChange={(e) => setDraft({ ...draft, targetType: e.target.value, targetId: '' })}
        >
          <option value="">Any record</option>
          {draft.targetType && !RECORD_TYPES.some((t) => t.value === draft.targetType) ? (
            <option value={draft.targetType}>{targetTypeLabel(draft.targetType, true)}</option>
          ) : null}
          {RECORD_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </FormField>
      <FormField label="Tenant">
        <select
          name="tenant"
          className={cn(controlClasses, 'h-8')}
          value={tenantId}
          onChange={(e) =>
            setDraft(
              e.target.value
                ? { ...draft, targetType: 'tenant', targetId: e.target.value }
                : { ...draft, targetId: draft.targetType === 'tenant' ? '' : draft.targetId },
            )
          }
        >
          <option value="">{tenants ? 'Any tenant' : 'Loading the tenants…'}</option>
          {tenantId && !tenants?.some((t) => t.id === tenantId) ? <option value={tenantId}>Tenant {tenantId.slice(0, 8)}</option> : null}
          {(tenants ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
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
        {draft.actorId ? (
          <FilterChip testId="actor-filter" removeLabel="Show events by anyone again" onRemove={() => setDraft({ ...draft, actorId: '' })}>
            <span>By {actorName ?? 'one person'}</span>
            {actorName ? null : <ShortId id={draft.actorId} />}
          </FilterChip>
        ) : null}
        {otherRecord ? (
          <FilterChip testId="record-filter" removeLabel="Show every record again" onRemove={() => setDraft({ ...draft, targetId: '' })}>
            <span>History of {draft.targetType ? targetTypeLabel(draft.targetType) : 'record'}</span>
            <ShortId id={draft.targetId} />
          </FilterChip>
        ) : null}
        <div className="ml-auto flex flex-wrap gap-2">
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
