'use client';

import * as React from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Search, X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { api } from './api';

/** A member as the picker shows it; `id` is the person's user id (the trail's actor id). */
export type PickedPerson = { id: string; name: string };
type MemberHit = { id: string; user: { id: string; name: string; email: string } };

const SHOWN = 8;

/**
 * "Person": search the tenant's members by name or email (GET members?q=, needs members.read) and choose one; the
 * choice is the person's user id. A combobox (input with aria-expanded, aria-controls and aria-activedescendant, and
 * a listbox): arrows move, Enter chooses, Escape closes. Once chosen it shows the person's name with a clear button.
 */
export function PeoplePicker({
  tenant,
  value,
  onChange,
  disabledReason,
}: {
  tenant: string;
  /** The chosen person (null: anyone). */
  value: PickedPerson | null;
  onChange: (person: PickedPerson | null) => void;
  /** Why searching is not possible for this member (no members.read); the field then says so. */
  disabledReason?: string;
}) {
  const id = React.useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const [text, setText] = React.useState('');
  const [open, setOpen] = React.useState(false);
  const [active, setActive] = React.useState(0);
  const q = React.useDeferredValue(text.trim());

  const hits = useQuery({
    queryKey: ['tenants', tenant, 'members', 'people-picker', q],
    queryFn: () =>
      api<{ data: MemberHit[] }>(
        `/api/v1/tenants/${encodeURIComponent(tenant)}/members?${new URLSearchParams({ limit: String(SHOWN), sort: 'name', ...(q ? { q } : {}) })}`,
      ).then((page) => page.data),
    enabled: open && !disabledReason,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const options = hits.data ?? [];
  const activeIndex = Math.min(active, Math.max(options.length - 1, 0));

  const choose = (hit: MemberHit) => {
    onChange({ id: hit.user.id, name: hit.user.name });
    setText('');
    setOpen(false);
  };

  if (value) {
    return (
      <div className="grid gap-1.5">
        <Label id={`${id}-label`} htmlFor={`${id}-clear`}>
          Person
        </Label>
        <div
          role="group"
          aria-labelledby={`${id}-label`}
          className="flex h-8 min-w-0 items-center justify-between gap-2 rounded-md border border-border bg-card pr-1 pl-2.5 text-sm"
          data-testid="picked-person"
        >
          <span className="truncate">{value.name}</span>
          <Button
            id={`${id}-clear`}
            type="button"
            size="icon-sm"
            variant="ghost"
            aria-label={`Clear person: ${value.name}`}
            onClick={() => onChange(null)}
          >
            <X aria-hidden="true" />
          </Button>
        </div>
      </div>
    );
  }

  const expanded = open && !disabledReason && (options.length > 0 || hits.isFetched);
  return (
    <div className="relative grid gap-1.5">
      <Label htmlFor={inputId}>Person</Label>
      <div className="relative">
        <Search
          aria-hidden="true"
          className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
        />
        <Input
          id={inputId}
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={expanded && options.length > 0 ? `${listId}-${activeIndex}` : undefined}
          aria-describedby={disabledReason ? `${id}-why` : undefined}
          disabled={Boolean(disabledReason)}
          autoComplete="off"
          placeholder="Name or email"
          className="pl-8"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setOpen(true);
              setActive(Math.min(activeIndex + 1, options.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive(Math.max(activeIndex - 1, 0));
            } else if (e.key === 'Enter' && expanded && options[activeIndex]) {
              e.preventDefault();
              choose(options[activeIndex]);
            } else if (e.key === 'Escape' && open) {
              e.preventDefault();
              setOpen(false);
            }
          }}
        />
      </div>
      {disabledReason ? (
        <p id={`${id}-why`} className="text-xs text-muted-foreground">
          {disabledReason}
        </p>
      ) : null}
      <ul
        id={listId}
        role="listbox"
        aria-label="People"
        hidden={!expanded}
        className="absolute top-full right-0 left-0 z-20 mt-1 grid max-h-72 overflow-y-auto rounded-md border border-border bg-popover p-1 text-sm shadow-md"
      >
        {options.length === 0 ? (
          <li role="presentation" className="px-2 py-1.5 text-muted-foreground">
            {hits.isError ? 'The members could not be searched.' : 'No member matches.'}
          </li>
        ) : (
          options.map((hit, i) => (
            // The input keeps the focus and answers the keys (aria-activedescendant); a click chooses too.
            // eslint-disable-next-line jsx-a11y/click-events-have-key-events
            <li
              key={hit.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              className={cn('cursor-pointer rounded-sm px-2 py-1.5', i === activeIndex && 'bg-accent text-accent-foreground')}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(hit)}
            >
              <span className="block truncate">{hit.user.name}</span>
              <span className="block truncate text-xs text-muted-foreground">{hit.user.email}</span>
            </li>
          ))
        )}
      </ul>
    </div>
  );
}
