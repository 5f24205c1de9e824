'use client';

import * as React from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Building2, Plus } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { oneOf, useListParams } from '@/components/ui/use-list-params';
import { LoadFailed } from '@/components/ui/list-parts';
import { api, keys, paths, type Page, type SiteView } from './api';
import { SiteDialog } from './site-dialog';

const PAGE = 50;
const ACTIVE = ['', 'true', 'false'] as const;

/** The tenant's sites by code: active filter in the URL (`?active=`), cursor pages; register, edit, (de)activate with sites.manage. */
export function SitesPanel({ tenant, permissions }: { tenant: string; permissions: readonly string[] }) {
  const manage = permissions.includes('sites.manage');
  const listParams = useListParams();
  const active = oneOf(listParams.params.get('active'), ACTIVE);
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: [...keys.sites(tenant), { active }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ limit: String(PAGE) });
      if (active) qs.set('active', active);
      if (pageParam) qs.set('cursor', pageParam);
      return api<Page<SiteView>>(`${paths.sites(tenant)}?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
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

  return (
    <div className="grid gap-5">
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
      <Card className="overflow-hidden p-0">
        {list.isPending ? (
          <div aria-busy="true" aria-label="Loading sites" className="grid gap-3 p-4">
            {Array.from({ length: 4 }, (_, i) => (
              <div key={i} className="flex items-center gap-4">
                <Skeleton className="h-4 w-20" />
                <Skeleton className="h-4 w-48" />
                <Skeleton className="hidden h-4 w-64 md:block" />
                <Skeleton className="h-4 w-14 rounded-full" />
              </div>
            ))}
          </div>
        ) : list.isError && !list.data ? (
          <div className="p-4">
            <LoadFailed title="The sites could not be loaded." query={list} />
          </div>
        ) : rows.length === 0 ? (
          <div className="p-4">
            <EmptyState
              icon={<Building2 />}
              title={active ? 'No site matches' : 'No sites yet'}
              action={
                active ? (
                  <Button size="sm" onClick={() => listParams.clear()}>
                    Show all sites
                  </Button>
                ) : manage ? (
                  <Button size="sm" variant="primary" onClick={openNew}>
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
          </div>
        ) : (
          <Table aria-label="Sites" className={cn(list.isPlaceholderData && 'opacity-60 transition-opacity')}>
            <TableHeader>
              <TableRow>
                <TableHead>Code</TableHead>
                <TableHead>Name</TableHead>
                <TableHead>Address</TableHead>
                <TableHead>GMP licence</TableHead>
                <TableHead>Status</TableHead>
                {manage ? (
                  <TableHead className="text-right">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                ) : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((site) => (
                <TableRow key={site.id} data-testid="site-row">
                  <TableCell className="font-mono text-xs font-medium">{site.code}</TableCell>
                  <TableCell className="font-medium">{site.name}</TableCell>
                  <TableCell className="max-w-72">
                    <span className="block truncate text-muted-foreground" title={site.address ?? undefined}>
                      {site.address ?? '—'}
                    </span>
                  </TableCell>
                  <TableCell className="font-mono text-xs whitespace-nowrap">
                    {site.licenseNumber ?? <span className="text-muted-foreground">—</span>}
                  </TableCell>
                  <TableCell>
                    {site.active ? (
                      <Badge tone="success" dot>
                        Active
                      </Badge>
                    ) : (
                      <Badge tone="neutral" dot>
                        Inactive
                      </Badge>
                    )}
                  </TableCell>
                  {manage ? (
                    <TableCell className="text-right">
                      <div className="flex justify-end gap-1.5">
                        <Button
                          size="sm"
                          onClick={() => {
                            setEditing(site);
                            setDialogOpen(true);
                          }}
                          aria-label={`Edit site ${site.code}`}
                        >
                          Edit
                        </Button>
                        {site.active ? (
                          <Button
                            size="sm"
                            variant="ghost"
                            className="text-danger hover:text-danger"
                            onClick={() => setToggling(site)}
                            aria-label={`Deactivate site ${site.code}`}
                          >
                            Deactivate
                          </Button>
                        ) : (
                          <Button
                            size="sm"
                            variant="ghost"
                            onClick={() => setActive.mutate(site)}
                            pending={setActive.isPending && setActive.variables?.id === site.id}
                            aria-label={`Reactivate site ${site.code}`}
                          >
                            Reactivate
                          </Button>
                        )}
                      </div>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      {list.hasNextPage ? (
        <div className="flex justify-center">
          <Button size="sm" onClick={() => void list.fetchNextPage()} pending={list.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      ) : null}

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
