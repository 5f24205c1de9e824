'use client';

import * as React from 'react';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { MoreHorizontal, Search } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { Input } from '@/components/ui/input';
import { api } from './api';

/**
 * A platform list read a page at a time from `path` (`?cursor=` for the next page), with the first page's query as
 * the server prefetch asks it under the same `queryKey`. `rows` are all pages loaded so far.
 */
export function useAdminList<T>(queryKey: QueryKey, path: string, query: Record<string, string>) {
  const pages = useInfiniteQuery({
    queryKey,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams(query);
      if (pageParam) qs.set('cursor', pageParam);
      return api<{ data: T[]; nextCursor: string | null }>(`${path}${qs.size ? `?${qs}` : ''}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = React.useMemo(() => pages.data?.pages.flatMap((p) => p.data), [pages.data]);
  return { pages, rows };
}

/**
 * The search box of a list whose search lives in the URL (`q`): what is typed stays in the box until sent, and a new
 * search in the URL (back, forward, "Clear the search") shows in the box.
 */
export function ListSearchForm({
  id,
  label,
  placeholder,
  q,
  onSearch,
}: {
  id: string;
  label: string;
  placeholder: string;
  q: string;
  onSearch: (q: string) => void;
}) {
  const [search, setSearch] = React.useState(q);
  // Adjusted while rendering.
  const [shownQuery, setShownQuery] = React.useState(q);
  if (shownQuery !== q) {
    setShownQuery(q);
    setSearch(q);
  }
  const applySearch = (event: React.FormEvent) => {
    event.preventDefault();
    onSearch(search.trim());
  };
  return (
    <form role="search" onSubmit={applySearch} className="flex min-w-0 items-center gap-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <div className="relative min-w-0">
        <Search
          aria-hidden="true"
          className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
        />
        <Input
          id={id}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={placeholder}
          className="w-64 max-w-full pl-8"
        />
      </div>
      <Button type="submit">Search</Button>
    </form>
  );
}

/** A row's "Actions" menu (named for the row's `name`; the word shows on phones, where rows are cards). */
export function RowActionsMenu({ name, children }: { name: string; children: React.ReactNode }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button size="sm" variant="ghost" aria-label={`Actions for ${name}`}>
          <MoreHorizontal aria-hidden="true" />
          <span className="md:sr-only">Actions</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">{children}</DropdownMenuContent>
    </DropdownMenu>
  );
}
