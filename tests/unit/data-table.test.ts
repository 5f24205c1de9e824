import { describe, expect, it } from 'vitest';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { readTableSort } from '@/components/ui/table-sort';
import type { TableSortState } from '@/components/ui/use-list-params';

type Person = { id: string; name: string; joined: string; note?: string };
const people: Person[] = [
  { id: '1', name: 'Bea', joined: '2024-02-01' },
  { id: '2', name: 'ada', joined: '2024-03-01' },
  { id: '3', name: 'Cy', joined: '2024-01-01' },
];
const columns: DataTableColumn<Person>[] = [
  { id: 'name', header: 'Name', accessorKey: 'name', meta: { primary: true } },
  { id: 'joined', header: 'Joined', accessorKey: 'joined', sortDescFirst: true },
  { id: 'note', header: 'Note', cell: () => 'n/a' },
];

function sortState(id: string, desc: boolean, allowed?: string[]): TableSortState {
  return { id, desc, dir: desc ? 'desc' : 'asc', set: () => undefined, options: { default: { id: 'name', desc: false }, allowed } };
}

function render(props: Partial<React.ComponentProps<typeof DataTable<Person>>>) {
  return renderToStaticMarkup(
    React.createElement(DataTable<Person>, {
      label: 'People',
      columns,
      data: people,
      getRowId: (p) => p.id,
      rowTestId: 'person-row',
      ...props,
    }),
  );
}

function names(html: string): string[] {
  return [...html.matchAll(/data-column="name"[^>]*><div[^>]*>([^<]*)</g)].map((m) => m[1]);
}

describe('DataTable', () => {
  it('sorts the loaded rows in the browser (client mode), case-insensitively, and marks the header with aria-sort', () => {
    const asc = render({ sort: sortState('name', false) });
    expect(names(asc)).toEqual(['ada', 'Bea', 'Cy']);
    expect(asc).toMatch(/aria-sort="ascending"[^>]*data-column="name"/);
    const byJoinedDesc = render({ sort: sortState('joined', true) });
    expect(names(byJoinedDesc)).toEqual(['ada', 'Bea', 'Cy']);
    expect(byJoinedDesc).toMatch(/aria-sort="descending"[^>]*data-column="joined"/);
    expect(names(render({ sort: sortState('joined', false) }))).toEqual(['Cy', 'Bea', 'ada']);
  });

  it('keeps the server order (server mode) and offers only the allowed columns as sort buttons', () => {
    const html = render({ sort: sortState('joined', false, ['joined']), sortMode: 'server' });
    expect(names(html)).toEqual(['Bea', 'ada', 'Cy']);
    expect(html.match(/data-slot="sort-button"/g)).toHaveLength(1);
  });

  it('labels every non-title cell with its column for the phone cards, and passes row test ids', () => {
    const html = render({});
    expect(html.match(/data-testid="person-row"/g)).toHaveLength(3);
    expect(html).toContain('data-label="Joined"');
    expect(html).not.toContain('data-label="Name"');
    expect(html).toContain('role="table" aria-label="People"');
  });

  it('shows the empty state when there are no rows', () => {
    expect(render({ data: [], empty: React.createElement('p', null, 'Nobody yet') })).toBe(
      '<div class="flex min-w-0 flex-col gap-3"><p>Nobody yet</p></div>',
    );
  });
});

describe('readTableSort', () => {
  const options = { default: { id: 'joined', desc: false }, allowed: ['joined', 'name'], fixed: { name: 'asc' as const } };
  it('reads ?sort= and ?dir=, falls back to the default for unknown columns, honours fixed directions', () => {
    expect(readTableSort(new URLSearchParams('sort=joined&dir=desc'), options)).toEqual({ id: 'joined', desc: true });
    expect(readTableSort(new URLSearchParams('sort=email&dir=desc'), options)).toEqual({ id: 'joined', desc: false });
    expect(readTableSort({ sort: 'name', dir: 'desc' }, options)).toEqual({ id: 'name', desc: false });
    expect(readTableSort({}, options)).toEqual({ id: 'joined', desc: false });
    expect(readTableSort({ xsort: 'name', xdir: 'asc' }, { ...options, prefix: 'x', fixed: undefined })).toEqual({
      id: 'name',
      desc: false,
    });
  });
});
