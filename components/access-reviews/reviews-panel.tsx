'use client';

import * as React from 'react';
import Link from 'next/link';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { ClipboardCheck, Inbox, Plus } from 'lucide-react';
import { api } from '@/components/api-client';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { TableDate } from '@/components/ui/table-date';
import { progressOf } from '@/lib/access-reviews/policy';
import {
  accessReviewsKey,
  accessReviewsPath,
  reviewItemsKey,
  reviewItemsPath,
  RECURRENCE_LABEL,
  scopeInWords,
  WAITING_CAMPAIGNS_MAX,
  type AccessReviewItemList,
  type AccessReviewList,
  type AccessReviewView,
} from './api';
import { CampaignProgress, CampaignStatus } from './campaign-bits';
import { StartReviewDialog } from './start-review-dialog';
import { useScopeNames } from './use-scope-names';

function columns(tenant: string, names: Parameters<typeof scopeInWords>[1]): DataTableColumn<AccessReviewView>[] {
  return [
    {
      id: 'name',
      header: 'Campaign',
      accessorFn: (c) => c.name,
      meta: { primary: true },
      cell: ({ row }) => (
        <span className="grid gap-0.5">
          <Link
            href={`/t/${tenant}/access-reviews/${row.original.id}`}
            className="font-medium break-words text-link underline-offset-2 hover:underline"
          >
            {row.original.name}
          </Link>
          <span className="text-xs text-muted-foreground">
            {row.original.owner.name}
            {row.original.recurrence === 'none' ? '' : ` · ${RECURRENCE_LABEL[row.original.recurrence]}`}
          </span>
        </span>
      ),
    },
    { id: 'scope', header: 'Scope', cell: ({ row }) => scopeInWords(row.original.scope, names) },
    { id: 'due', header: 'Due', accessorFn: (c) => c.dueOn, cell: ({ row }) => <TableDate iso={row.original.dueOn} dateOnly /> },
    {
      id: 'progress',
      header: 'Progress',
      enableSorting: false,
      cell: ({ row }) => <CampaignProgress progress={row.original.progress} label={`Progress of ${row.original.name}`} />,
    },
    { id: 'status', header: 'Status', accessorFn: (c) => c.status, cell: ({ row }) => <CampaignStatus campaign={row.original} /> },
  ];
}

/**
 * The signed-in person's open items across the open campaigns: for each campaign with items of theirs not yet
 * signed, how many wait for a decision and how many for the signature, with a link to the campaign.
 */
function WaitingForYou({ tenant, campaigns }: { tenant: string; campaigns: AccessReviewView[] }) {
  const open = campaigns.filter((c) => c.status === 'open').slice(0, WAITING_CAMPAIGNS_MAX);
  const results = useQueries({
    queries: open.map((c) => ({
      queryKey: reviewItemsKey(tenant, c.id, 'me'),
      queryFn: async () => (await api<AccessReviewItemList>(reviewItemsPath(tenant, c.id, 'me'))).data,
    })),
  });
  const pending = results.some((r) => r.isPending);
  const waiting = open.flatMap((campaign, i) => {
    const items = results[i]?.data ?? [];
    const mine = progressOf(items);
    const toDecide = mine.total - mine.decided;
    const toSign = mine.decided - mine.signed;
    return toDecide + toSign > 0 ? [{ campaign, toDecide, toSign }] : [];
  });
  return (
    <Card aria-busy={pending || undefined}>
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle>Waiting for you</CardTitle>
          <CardDescription>Members whose access you review: decide on each, then sign your decisions.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {pending ? (
          <p className="text-sm text-muted-foreground">Loading your review items…</p>
        ) : waiting.length === 0 ? (
          <EmptyState icon={<Inbox />} title="Nothing waits for you" size="compact" headingLevel="h3">
            When a review names you as a reviewer, the members you review are listed here.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-border" data-testid="waiting-for-you">
            {waiting.map(({ campaign, toDecide, toSign }) => (
              <li key={campaign.id} className="flex flex-col gap-1 py-2.5 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
                <Link
                  href={`/t/${tenant}/access-reviews/${campaign.id}`}
                  className="font-medium break-words text-link underline-offset-2 hover:underline"
                >
                  {campaign.name}
                </Link>
                <span className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[13px] text-muted-foreground">
                  {toDecide > 0 ? <span>{toDecide} to decide</span> : null}
                  {toSign > 0 ? <span>{toSign} to sign</span> : null}
                  <span>
                    Due <TableDate iso={campaign.dueOn} dateOnly />
                  </span>
                  <CampaignStatus campaign={{ status: campaign.status, overdue: campaign.overdue }} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

/**
 * Access reviews: what waits for the signed-in person, and the campaigns they may see (every one with
 * access_reviews.manage, else those they review) with progress and status. "Start a review" for managers.
 */
export function AccessReviewsPanel({
  tenant,
  canStart,
  viewerId,
  permissions,
}: {
  tenant: string;
  canStart: boolean;
  viewerId: string;
  permissions: readonly string[];
}) {
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: accessReviewsKey(tenant),
    queryFn: async () => (await api<AccessReviewList>(accessReviewsPath(tenant))).data,
  });
  const names = useScopeNames(
    tenant,
    (list.data ?? []).map((c) => c.scope),
    permissions,
  );
  const cols = React.useMemo(() => columns(tenant, names), [tenant, names]);
  const [starting, setStarting] = React.useState(false);
  const start = canStart ? (
    <Button variant="primary" onClick={() => setStarting(true)}>
      <Plus aria-hidden="true" /> Start a review
    </Button>
  ) : null;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Access reviews"
        description="Periodic reviews of who has access to what: each reviewer keeps, revokes or changes the access of the members in scope, and signs."
        actions={start}
      />
      {list.data ? <WaitingForYou tenant={tenant} campaigns={list.data} /> : null}
      <section aria-labelledby="campaigns-heading" className="grid gap-3">
        <h2 id="campaigns-heading" className="text-sm font-semibold">
          Campaigns
        </h2>
        <DataTable
          label="Access review campaigns"
          columns={cols}
          data={list.data}
          getRowId={(c) => c.id}
          query={list}
          skeletonRows={3}
          rowTestId="campaign-row"
          empty={
            <EmptyState
              icon={<ClipboardCheck />}
              title="No access reviews yet"
              headingLevel="h3"
              action={
                canStart ? (
                  <Button variant="primary" size="sm" onClick={() => setStarting(true)}>
                    Start a review
                  </Button>
                ) : undefined
              }
            >
              {canStart
                ? 'Start a review: choose whose access is checked, who reviews it and by when.'
                : 'Reviews you take part in appear here once an admin starts one.'}
            </EmptyState>
          }
        />
      </section>
      {starting ? (
        <StartReviewDialog
          tenant={tenant}
          viewerId={viewerId}
          onClose={() => setStarting(false)}
          onStarted={() => void queryClient.invalidateQueries({ queryKey: accessReviewsKey(tenant) })}
        />
      ) : null}
    </div>
  );
}
