'use client';

import * as React from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Building2, Plus } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { DataTable } from '@/components/ui/data-table';
import { toast } from '@/components/ui/toast';
import { useListParams, useTableSort } from '@/components/ui/use-list-params';
import { api, keys, paths, type Page, type SiteView } from './api';
import { siteColumns } from './site-columns';
import { SITE_LIST_SORT, readSiteListFilters, siteListKey, siteListQuery } from './site-list-query';
import { SiteDialog } from './site-dialog';

/**
 * The tenant's sites, by code or name (column headers, by the API), active filter (`?active=`), both in the URL;
 * cursor pages, cards on phones; register, edit, (de)activate with sites.manage. The first page comes with the page.
 */
export function SitesPanel({ tenant, permissions }: { tenant: string; permissions: readonly string[] }) {
  const manage = permissions.includes('sites.manage');
  const listParams = useListParams();
  const sort = useTableSort(SITE_LIST_SORT);
  const filters = readSiteListFilters(listParams.params);
  const { active } = filters;
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: siteListKey(tenant, filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams(Object.entries(siteListQuery(filters, pageParam)).map(([k, v]) => [k, String(v)]));
      return api<Page<SiteView>>(`${paths.sites(tenant)}?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = React.useMemo(() => list.data?.pages.flatMap((p) => p.data), [list.data]);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: keys.sites(tenant) });

  const [editing, setEditing] = React.useState<SiteView | null>(null);
  const [dialogOpen, setDialogOpen] = React.useState(false);
  const [toggling, setToggling] = React.useState<SiteView | null>(null);
  const openNew = () => {
    setEditing(null);
    setDialogOpen(true);
  };

  const setActive = useMutation({
    mutationFn: (site: SiteView) =>
      api<SiteView>(paths.site(tenant, site.id), {
        method: 'PATCH',
        json: { active: !site.active, reason: site.active ? 'Site deactivated in the console' : 'Site reactivated in the console' },
      }),
    onSuccess: (site) => {
      setToggling(null);
      toast({
        tone: 'success',
        title: site.active ? `Site ${site.code} reactivated` : `Site ${site.code} deactivated`,
        description: site.active ? 'New batches can be planned here again.' : 'No new batches can be planned here; its records stay.',
      });
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not change the site', description: error.message }),
    onSettled: refresh,
  });
  const columns = React.useMemo(
    () =>
      siteColumns({
        tenant,
        manage,
        onEdit: (site) => {
          setEditing(site);
          setDialogOpen(true);
        },
        onDeactivate: setToggling,
        onReactivate: (site) => setActive.mutate(site),
        reactivating: (site) => setActive.isPending && setActive.variables?.id === site.id,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the mutation object changes every render; its state is read through the callbacks
    [manage, setActive.isPending, setActive.variables],
  );

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Sites"
        description="The manufacturing sites of this tenant with their GMP licences. Batches are planned only on active sites; sites are never deleted."
        actions={
          manage ? (
            <Button variant="primary" onClick={openNew}>
              <Plus aria-hidden="true" />
              New site
            </Button>
          ) : undefined
        }
      />
      <DataTable
        label="Sites"
        columns={columns}
        data={rows}
        getRowId={(site) => site.id}
        sort={sort}
        sortMode="server"
        query={list}
        pages={list}
        rowTestId="site-row"
        className={cn(list.isPlaceholderData && 'opacity-60 transition-opacity')}
        toolbar={
          <div className="flex items-end gap-2">
            <div className="grid gap-1.5 sm:w-44">
              <Label htmlFor="sites-active">Show</Label>
              <select
                id="sites-active"
                className={cn(controlClasses, 'h-8')}
                value={active}
                onChange={(e) => listParams.set('active', e.target.value)}
              >
                <option value="">All sites</option>
                <option value="true">Active only</option>
                <option value="false">Inactive only</option>
              </select>
            </div>
          </div>
        }
        empty={
          <EmptyState
            icon={<Building2 />}
            title={active ? 'No site matches' : 'No sites yet'}
            action={
              active ? (
                <Button size="sm" onClick={() => listParams.set('active', '')}>
                  Show all sites
                </Button>
              ) : manage ? (
                <Button size="sm" onClick={openNew}>
                  <Plus aria-hidden="true" />
                  Register a site
                </Button>
              ) : undefined
            }
          >
            {active
              ? 'Change the filter to see the other sites.'
              : manage
                ? 'Register the plants you make batches at: batches are planned on a site.'
                : 'Someone with sites.manage registers the plants batches are made at.'}
          </EmptyState>
        }
      />

      {manage ? (
        <SiteDialog
          tenant={tenant}
          site={editing}
          open={dialogOpen}
          onOpenChange={setDialogOpen}
          onSaved={() => {
            setDialogOpen(false);
            refresh();
          }}
        />
      ) : null}

      <Dialog open={toggling !== null} onOpenChange={(open) => (open || setActive.isPending ? undefined : setToggling(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Deactivate site {toggling?.code}?</DialogTitle>
            <DialogDescription>
              No new batches can be planned at {toggling?.name}. Its batches and their records stay as they are, and you can reactivate the
              site later. The change is kept in the audit trail.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={setActive.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={setActive.isPending} onClick={() => toggling && setActive.mutate(toggling)}>
              Deactivate site
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
