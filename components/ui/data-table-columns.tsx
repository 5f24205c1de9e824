'use client';

import * as React from 'react';
import { Columns3 } from 'lucide-react';
import { Button } from './button';
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuLabel, DropdownMenuTrigger } from './dropdown-menu';

const PREFIX = 'custos.table-columns.';
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith(PREFIX)) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
}

/**
 * The columns a person hid in one table, remembered in this browser (localStorage `custos.table-columns.<key>`).
 * `null` until chosen (and on the server): the table's defaults apply.
 */
export function useHiddenColumns(key: string | undefined): [string[] | null, (hidden: string[]) => void] {
  const raw = React.useSyncExternalStore(
    subscribe,
    () => (key ? readStored(key) : null),
    () => null,
  );
  const hidden = React.useMemo(() => {
    if (!raw) return null;
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : null;
    } catch {
      return null;
    }
  }, [raw]);
  const set = React.useCallback(
    (next: string[]) => {
      if (!key) return;
      try {
        window.localStorage.setItem(PREFIX + key, JSON.stringify(next));
      } catch {
        // Storage refused (private mode, quota): the choice lasts until the page reloads.
      }
      listeners.forEach((listener) => listener());
    },
    [key],
  );
  return [hidden, set];
}

export type PickableColumn = { id: string; label: string; visible: boolean; canHide: boolean };

/** "Columns": a menu of checkboxes that show or hide a table's columns. */
export function DataTableColumnPicker({
  columns,
  onToggle,
  tableLabel,
}: {
  columns: PickableColumn[];
  onToggle: (id: string, visible: boolean) => void;
  tableLabel: string;
}) {
  // Not modal: the page behind stays in the accessibility tree (a modal menu hides it with aria-hidden while its
  // focusable controls remain, which axe reports).
  return (
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button size="sm" variant="secondary" aria-label={`Columns of ${tableLabel.toLowerCase()}`} data-testid="table-columns">
          <Columns3 aria-hidden="true" />
          Columns
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Show columns</DropdownMenuLabel>
        {columns.map((column) => (
          <DropdownMenuCheckboxItem
            key={column.id}
            checked={column.visible}
            disabled={!column.canHide}
            onCheckedChange={(checked) => onToggle(column.id, checked)}
            onSelect={(event) => event.preventDefault()}
          >
            {column.label}
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
