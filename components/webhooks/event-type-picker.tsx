'use client';

import type * as React from 'react';
import { WEBHOOK_EVENT_FAMILIES, WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/event-types';
import { eventFamilyLabel } from '@/lib/webhooks/policy';

type CatalogEntry = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The events a webhook endpoint or an email digest wants, as checkboxes grouped by family, each family with
 * "All …". The chosen types go back as a set; lib/webhooks/event-types.ts turns them into patterns
 * (`patternsForChosenTypes`) and back (`typesCoveredBy`).
 */
export function EventTypePicker({
  chosen,
  onChange,
  error,
  describe,
  familyTestId,
}: {
  chosen: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  error?: string;
  /** What stands beside a type's checkbox. */
  describe: (entry: CatalogEntry) => React.ReactNode;
  familyTestId: string;
}) {
  const toggle = (types: readonly string[], on: boolean) => {
    const next = new Set(chosen);
    for (const t of types) {
      if (on) next.add(t);
      else next.delete(t);
    }
    onChange(next);
  };
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-1 text-sm font-medium">Events</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {WEBHOOK_EVENT_FAMILIES.map((family) => {
          const types = WEBHOOK_EVENT_TYPES.filter((e) => e.type.startsWith(`${family}.`));
          const all = types.every((e) => chosen.has(e.type));
          return (
            <div key={family} className="grid gap-1 rounded-md border border-border p-2" data-testid={familyTestId}>
              <label className="flex items-center gap-2 text-sm font-medium">
                <input
                  type="checkbox"
                  className="size-4 shrink-0 accent-primary"
                  checked={all}
                  onChange={(e) =>
                    toggle(
                      types.map((t) => t.type),
                      e.target.checked,
                    )
                  }
                />
                <span>All {eventFamilyLabel(family).toLowerCase()}</span>
              </label>
              {types.map((e) => (
                <label key={e.type} className="flex items-start gap-2 pl-5 text-sm">
                  <input
                    type="checkbox"
                    className="mt-0.5 size-4 shrink-0 accent-primary"
                    checked={chosen.has(e.type)}
                    onChange={(ev) => toggle([e.type], ev.target.checked)}
                  />
                  <span className="min-w-0">{describe(e)}</span>
                </label>
              ))}
            </div>
          );
        })}
      </div>
      {error ? <p className="text-xs text-danger">{error}</p> : null}
    </fieldset>
  );
}
