'use client';

import * as React from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { api } from '@/components/api-client';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { RECORD_TYPE_NAMES, type RecordType } from '@/lib/records/record-ref';
import { recordSearchKey, recordSearchPath, type RecordOptionList } from './api';

export type RecordPickerProps = {
  tenant: string;
  /** The kinds the signed-in member may link (lib/tasks/policy.ts `linkableRecordTypes`). */
  kinds: readonly RecordType[];
  /** The kind chosen now ('' for none), watched by the form. */
  kind: string;
  kindField: UseFormRegisterReturn<'recordType'>;
  recordField: UseFormRegisterReturn<'recordId'>;
  recordError?: string;
};

/** Waits until `value` has not changed for `ms` before answering it, so typing sends one search, not one per key. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * "About a record" in the New task dialog of the Tasks page: a kind, a few letters to find one (its number, name,
 * email or code), and the record, chosen from the 20 best matches (`GET …/records`). Native selects, so keyboards
 * and screen readers work as everywhere else; the chosen record stays selectable while another search runs.
 */
export function RecordPicker({ tenant, kinds, kind, kindField, recordField, recordError }: RecordPickerProps) {
  const [text, setText] = React.useState('');
  const [chosen, setChosen] = React.useState<{ id: string; label: string } | null>(null);
  const q = useSettled(text.trim(), 250);
  const type = (kinds as readonly string[]).includes(kind) ? (kind as RecordType) : null;
  const results = useQuery({
    queryKey: recordSearchKey(tenant, type ?? 'batch', q),
    queryFn: () => api<RecordOptionList>(recordSearchPath(tenant, type!, q)),
    enabled: type !== null,
    placeholderData: keepPreviousData,
  });
  // The last kind's answer stays shown while the next one loads (keepPreviousData): never offer it under another kind.
  const found = type && results.data ? results.data.data.filter((r) => r.type === type) : [];
  const options = chosen && type && !found.some((r) => r.id === chosen.id) ? [chosen, ...found] : found;
  const name = type ? RECORD_TYPE_NAMES[type].toLowerCase() : '';
  const searching = results.isFetching || q !== text.trim();

  return (
    <fieldset className="grid gap-3 rounded-md border border-border p-3">
      <legend className="px-1 text-sm font-medium">
        About a record <span className="font-normal text-muted-foreground">(optional)</span>
      </legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label="Kind">
          <select
            className={`${controlClasses} h-8`}
            {...kindField}
            onChange={(event) => {
              setText('');
              setChosen(null);
              void kindField.onChange(event);
            }}
          >
            <option value="">None</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {RECORD_TYPE_NAMES[k]}
              </option>
            ))}
          </select>
        </FormField>
        {type ? (
          <FormField label={`Find a ${name}`}>
            <Input
              type="search"
              autoComplete="off"
              maxLength={100}
              placeholder="Letters of its number, name or email"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </FormField>
        ) : null}
      </div>
      {type ? (
        <FormField
          label={RECORD_TYPE_NAMES[type]}
          error={recordError}
          description={
            results.isError
              ? 'The search failed; try again.'
              : searching
                ? 'Searching…'
                : `${found.length === 0 ? 'Nothing' : found.length} found${q ? ` for “${q}”` : ''}.`
          }
        >
          <select
            className={`${controlClasses} h-8`}
            aria-busy={searching || undefined}
            {...recordField}
            onChange={(event) => {
              const option = options.find((r) => r.id === event.target.value);
              setChosen(option ? { id: option.id, label: option.label } : null);
              void recordField.onChange(event);
            }}
          >
            <option value="">{`Choose a ${name}`}</option>
            {options.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </FormField>
      ) : null}
    </fieldset>
  );
}
