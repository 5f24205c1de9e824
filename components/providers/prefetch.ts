import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { dehydrate, QueryClient, type DehydratedState, type QueryKey } from '@tanstack/react-query';
import type { Permission } from '@/lib/access/permissions';
import type { Actor, RequestMeta, TenantContext } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { requestIdFrom } from '@/lib/http/request-meta';
import { logger } from '@/lib/platform/logger';
import { withTenantContext } from '@/lib/tenancy/tenant-context';

/*
 * Server only (reads the database): import it from server components (page.tsx), never from a 'use client' file.
 */

/** JSON as the API sends it (what `Response.json` makes of a loader's result). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One panel query the server answers before the page is sent. */
export type PrefetchQuery = {
  /** The panel's exact `useQuery` key (import it from the panel's keys, never retype it). */
  key: QueryKey;
  /** The route's `access` (its spec): a member without this permission gets nothing under this key (see `forbidden`). */
  access?: Permission;
  /** The domain loader the API route's handler runs, e.g. `(ctx) => getBatch(ctx, id)`. */
  load: (ctx: TenantContext) => Promise<unknown>;
  /**
   * What the panel's `queryFn` keeps of the API's answer when it is not all of it, e.g. `(page) => page.data` for
   * `queryFn: () => api<{ data: X[] }>(path).then((r) => r.data)`. Receives the JSON exactly as the API sends it.
   */
  select?: (json: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any -- the JSON's shape is the panel's
  /** false: leave this query to the client (e.g. the panel's `enabled` is false for this viewer). Default true. */
  when?: boolean;
  /**
   * The query's `dataUpdatedAt` on the client (default: when it was loaded). Give it when another key is built from it,
   * e.g. a record's History keyed by `version: record.dataUpdatedAt` (see the inspection page).
   */
  updatedAt?: number;
};

/** What the server loaded: each query's data (already in the API's JSON form), and what it was refused. */
export type PrefetchResult = {
  entries: Array<{ key: QueryKey; data: unknown; updatedAt?: number }>;
  /** The record (or the tenant) does not exist for this member: the page answers notFound(). */
  notFound: boolean;
  /** Permissions the member lacks for queries that were asked for (their route's access, or a loader's 403). */
  forbidden: string[];
};

/** A loader's result as the API route sends it: `Response.json(result)` then `response.json()`, i.e. a JSON round trip. */
export function asApiJson(result: unknown): Json {
  return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as Json);
}

/**
 * Runs each query's loader in one tenant transaction (the same `withTenantContext` the API routes use) and turns
 * each result into the API's JSON. A 404 from any loader (or an unknown tenant) ends it with `notFound`; a
 * missing permission is reported in `forbidden`; any other error leaves that query to the client (logged).
 */
export async function loadPrefetchQueries(
  caller: Actor,
  tenantSlug: string,
  meta: RequestMeta,
  queries: PrefetchQuery[],
): Promise<PrefetchResult> {
  const wanted = queries.filter((q) => q.when !== false);
  if (wanted.length === 0) return { entries: [], notFound: false, forbidden: [] };
  try {
    return await withTenantContext(caller, tenantSlug, meta, (ctx) =>
      runQueries(wanted, meta, (query) => (query.access && !ctx.permissions.has(query.access) ? null : () => query.load(ctx))),
    );
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return { entries: [], notFound: true, forbidden: [] };
    logger.warn({ requestId: meta.requestId, err: error }, 'prefetch failed; the client will load it');
    return { entries: [], notFound: false, forbidden: [] };
  }
}

/** One query outside any tenant (your sessions, the platform's tenants): the route's loader, called with its actor. */
export type PrefetchPlainQuery = Omit<PrefetchQuery, 'load' | 'access'> & { load: () => Promise<unknown> };

/** `loadPrefetchQueries` for routes outside a tenant: each loader checks its own access (a 403 lands in `forbidden`). */
export async function loadPlainPrefetchQueries(meta: RequestMeta, queries: PrefetchPlainQuery[]): Promise<PrefetchResult> {
  return runQueries(
    queries.filter((q) => q.when !== false),
    meta,
    (query) => query.load,
  );
}

/** Runs the queries one after another (one connection); `start` gives null for a query the caller may not run. */
async function runQueries<Q extends { key: QueryKey; select?: (json: any) => unknown; access?: string; updatedAt?: number }>( // eslint-disable-line @typescript-eslint/no-explicit-any -- the panel's JSON
  queries: Q[],
  meta: RequestMeta,
  start: (query: Q) => (() => Promise<unknown>) | null,
): Promise<PrefetchResult> {
  const result: PrefetchResult = { entries: [], notFound: false, forbidden: [] };
  for (const query of queries) {
    const load = start(query);
    if (!load) {
      result.forbidden.push(query.access ?? 'forbidden');
      continue;
    }
    try {
      const json = asApiJson(await load());
      result.entries.push({ key: query.key, data: query.select ? query.select(json) : json, updatedAt: query.updatedAt });
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) return { entries: [], notFound: true, forbidden: [] };
      if (error instanceof DomainError && error.status === 403) result.forbidden.push(query.access ?? error.code);
      else logger.warn({ requestId: meta.requestId, key: query.key, err: error }, 'prefetch failed; the client will load it');
    }
  }
  return result;
}

/** `select` for a `useInfiniteQuery` panel whose `initialPageParam` is null: the API's first page as its first page. */
export const firstPage = (page: unknown) => ({ pages: [page], pageParams: [null] });

/** The loaded entries as TanStack Query's dehydrated state (for `<QueryProvider state={…}>`). */
export function dehydrateEntries(entries: PrefetchResult['entries']): DehydratedState {
  const client = new QueryClient();
  for (const { key, data, updatedAt } of entries) client.setQueryData(key, data, { updatedAt });
  return dehydrate(client);
}

/**
 * Pages arrive with their first data: a server component loads what its client panels would fetch from /api/v1,
 * with the same domain loaders as the API routes, and hands it to TanStack Query under the panels' own query keys.
 * The client's `useQuery` then starts with the data (no skeleton, no request on first load).
 *
 * - An unknown record, a malformed id the loader rejects with 404, or another tenant's id: `notFound()` (HTTP 404,
 *   the nearest not-found.tsx) — as long as no loading.tsx/Suspense above the page has started streaming.
 * - A permission the member lacks: listed in `forbidden` (show the page's MissingPermission); its query is skipped.
 * - Anything else failing: that query is left to the client, which fetches it as before.
 *
 * Example (app/(console)/t/[tenant]/batches/[id]/page.tsx):
 * ```tsx
 * const page = await consolePage(slug, `/t/${slug}/batches/${raw}`);
 * if (!page) return null;
 * const id = recordIdOrNotFound(raw); // not a UUID: 404 without asking the database
 * const { state, forbidden } = await prefetchTenantQueries(page, [
 *   { key: keys.batch(slug, id), access: 'batches.read', load: (ctx) => getBatch(ctx, id) },
 *   {
 *     key: [...keys.batch(slug, id), 'inspections'],
 *     access: 'inspections.read',
 *     when: page.permissions.includes('inspections.read'), // the panel's `enabled`
 *     load: (ctx) => listInspections(ctx, id),
 *     select: (page) => page.data, // the panel's queryFn keeps `.data`
 *   },
 * ]);
 * if (forbidden.includes('batches.read')) return <MissingPermission … />;
 * return (
 *   <QueryProvider state={state}>
 *     <BatchDetail tenant={slug} id={id} … />
 *   </QueryProvider>
 * );
 * ```
 * A list page does the same with its list loader and the panel's list key, including the filters and sort the panel
 * puts in its key from the URL (read them from `searchParams` the same way the panel does, or the key will not match
 * and the client fetches again). Keys must come from a module without 'use client' (a server import of a
 * 'use client' module gets references, not the functions).
 *
 * A query whose key depends on another's answer (the inspection's batch): call it twice and dehydrate both entries,
 * `dehydrateEntries([...first.entries, ...second.entries])` (see the inspection page). A `useInfiniteQuery` panel
 * takes `select: firstPage`; a panel that collects every page takes `load: (ctx) => allPages(…)` (the roles page).
 *
 * Two things the server render now needs from the client components it renders with data: dates and numbers are
 * formatted with the viewer's clock (components/providers/viewer-clock.tsx `useDateTimeFormat`, `useViewerClock`),
 * never the runtime's default zone or locale (React error #418 otherwise); and no loading.tsx or Suspense fallback
 * may sit above a page that can call notFound() (the response would already have started with 200).
 */
export async function prefetchTenantQueries(
  page: { user: Actor; tenant: { slug: string } },
  queries: PrefetchQuery[],
): Promise<{ state: DehydratedState; forbidden: string[]; entries: PrefetchResult['entries'] }> {
  const meta = { requestId: requestIdFrom(await headers()) };
  const loaded = await loadPrefetchQueries(page.user, page.tenant.slug, meta, queries);
  if (loaded.notFound) notFound();
  return { state: dehydrateEntries(loaded.entries), forbidden: loaded.forbidden, entries: loaded.entries };
}

/**
 * `prefetchTenantQueries` for pages outside a tenant (account, platform admin): each loader is the route's, called
 * with the page's user, e.g. `{ key: SESSIONS_KEY, load: () => listSessions(user) }`.
 */
export async function prefetchQueries(
  queries: PrefetchPlainQuery[],
): Promise<{ state: DehydratedState; forbidden: string[]; entries: PrefetchResult['entries'] }> {
  const loaded = await loadPlainPrefetchQueries({ requestId: requestIdFrom(await headers()) }, queries);
  if (loaded.notFound) notFound();
  return { state: dehydrateEntries(loaded.entries), forbidden: loaded.forbidden, entries: loaded.entries };
}

/** A record id from the URL, or the page's 404 when it is not a UUID (the API answers 400; a page has no such record). */
export function recordIdOrNotFound(id: string): string {
  if (!z.uuid().safeParse(id).success) notFound();
  return id;
}

/**
 * Every page of a cursor list, as a panel's "fetch all pages" queryFn collects them (components/roles/api.ts
 * `fetchAll`: 200 a page, at most 50 pages): `load: (ctx) => allPages((cursor) => listRoles(ctx, { limit: 200, cursor }))`.
 */
export async function allPages<T>(
  loadPage: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await loadPage(cursor);
    out.push(...page.data);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('More than 10,000 entries: left to the client, which says so.');
}

/** The time to give a query's `updatedAt` and the keys built from it (one server render, one time). */
export function loadTime(): number {
  return Date.now();
}
