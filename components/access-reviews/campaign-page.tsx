'use client';

import * as React from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Download, PenLine } from 'lucide-react';
import { api } from '@/components/api-client';
import { SignatureDialog, useSessionSigning, type SignatureRequest } from '@/components/quality/signature-dialog';
import type { Viewer } from '@/components/quality/api';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadFailed } from '@/components/ui/list-parts';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { TableDate } from '@/components/ui/table-date';
import { toast } from '@/components/ui/toast';
import { mayCloseCampaign, mayManageAccessReviews, progressOf } from '@/lib/access-reviews/policy';
import {
  accessReviewKey,
  accessReviewPath,
  accessReviewsKey,
  closeReviewPath,
  RECURRENCE_LABEL,
  reportPath,
  reviewersInWords,
  reviewItemsKey,
  reviewItemsPath,
  scopeInWords,
  signDecisionsPath,
  type AccessReviewItemList,
  type AccessReviewItemView,
  type AccessReviewView,
  type SignedReviewDecisions,
} from './api';
import { CampaignProgress, CampaignStatus } from './campaign-bits';
import { ItemStateBadges, ReviewItemCard } from './review-item';
import { useScopeNames } from './use-scope-names';

type RoleOption = { id: string; name: string; system: { slug: string } | null };

/** Items grouped by reviewer, in the order the API gave them. */
function byReviewer(items: AccessReviewItemView[]): Array<{ reviewer: AccessReviewItemView['reviewer']; items: AccessReviewItemView[] }> {
  const groups = new Map<string, { reviewer: AccessReviewItemView['reviewer']; items: AccessReviewItemView[] }>();
  for (const item of items) {
    const group = groups.get(item.reviewer.id) ?? { reviewer: item.reviewer, items: [] };
    group.items.push(item);
    groups.set(item.reviewer.id, group);
  }
  return [...groups.values()];
}

/**
 * One access-review campaign: owner, due date, status and progress; the viewer's own items with their decision forms
 * and "Sign my decisions" (Part 11, meaning Reviewed); for holders of access_reviews.manage every item by reviewer,
 * the report (PDF, CSV) and, for the owner once every item is signed, "Close and sign" (meaning Approved).
 */
export function CampaignPage({
  tenant,
  id,
  viewer,
  back,
  notes,
}: {
  tenant: string;
  id: string;
  viewer: Viewer;
  back: React.ReactNode;
  notes?: React.ReactNode;
}) {
  const queryClient = useQueryClient();
  const held = React.useMemo(() => new Set(viewer.permissions), [viewer.permissions]);
  const manager = mayManageAccessReviews(held);
  const campaign = useQuery({
    queryKey: accessReviewKey(tenant, id),
    queryFn: () => api<AccessReviewView>(accessReviewPath(tenant, id)),
  });
  const mine = useQuery({
    queryKey: reviewItemsKey(tenant, id, 'me'),
    queryFn: async () => (await api<AccessReviewItemList>(reviewItemsPath(tenant, id, 'me'))).data,
  });
  const all = useQuery({
    queryKey: reviewItemsKey(tenant, id, 'all'),
    queryFn: async () => (await api<AccessReviewItemList>(reviewItemsPath(tenant, id, 'all'))).data,
    enabled: manager,
  });
  const roles = useQuery({
    queryKey: ['tenant', tenant, 'access-reviews', 'picker', 'roles'],
    queryFn: async () => (await api<{ data: RoleOption[] }>(`/api/v1/tenants/${encodeURIComponent(tenant)}/roles?limit=200`)).data,
    enabled: held.has('roles.read'),
    staleTime: 60_000,
  });
  const roleNames = React.useMemo(
    () => new Map((roles.data ?? []).map((r) => [r.id, r.system ? `${r.name} (${r.system.slug})` : r.name])),
    [roles.data],
  );
  const names = useScopeNames(tenant, campaign.data ? [campaign.data.scope] : [], viewer.permissions);
  const sessionSigning = useSessionSigning(viewer.signingPolicy);
  const [signing, setSigning] = React.useState<'decisions' | 'close' | null>(null);

  if (campaign.isPending) {
    return (
      <div className="flex flex-col gap-6" aria-busy="true" aria-label="Loading the access review">
        <Skeleton className="h-7 w-72 max-w-full" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  if (campaign.isError) return <LoadFailed title="The access review could not be loaded" query={campaign} />;
  const c = campaign.data;
  const myItems = mine.data ?? [];
  const mineProgress = progressOf(myItems);
  const toSign = mineProgress.decided - mineProgress.signed;
  const allProgress = all.data ? progressOf(all.data) : c.progress;
  const close = mayCloseCampaign(
    { ownerId: c.owner.id, status: c.status },
    { userId: viewer.userId, held },
    { total: allProgress.total, signed: allProgress.signed },
  );
  const isOwner = c.owner.id === viewer.userId;

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: accessReviewsKey(tenant) });
  };

  const request: SignatureRequest | null =
    signing === 'decisions'
      ? {
          title: 'Sign my decisions',
          record: `${toSign} decision${toSign === 1 ? '' : 's'} in ${c.name}, each with its comment as the reason. Revocations and new roles take effect when you sign.`,
          meaning: 'reviewed',
          reasonRequired: false,
          action: 'Sign decisions',
        }
      : signing === 'close'
        ? {
            title: 'Close and sign the review',
            record: `${c.name}: ${allProgress.total} signed items. The report is stored with your signature and cannot change afterwards.`,
            meaning: 'approved',
            reasonRequired: false,
            action: 'Close and sign',
          }
        : null;

  const onSign = async ({ password }: { password: string | undefined }) => {
    const json = { signature: { password, meaning: signing === 'close' ? 'approved' : 'reviewed' } };
    if (signing === 'close') {
      await api<AccessReviewView>(closeReviewPath(tenant, c.id), { method: 'POST', json });
      toast({ tone: 'success', title: 'Review closed and signed', description: 'The report is stored and can be downloaded.' });
    } else {
      const signed = await api<SignedReviewDecisions>(signDecisionsPath(tenant, c.id), { method: 'POST', json });
      toast({
        tone: 'success',
        title: `${signed.signed} decision${signed.signed === 1 ? '' : 's'} signed`,
        description: 'Their changes are in effect.',
      });
    }
    sessionSigning.signed();
    setSigning(null);
    await refresh();
  };

  const reports = manager ? (
    <>
      <Button asChild>
        <a href={reportPath(tenant, c.id, 'pdf')} download data-testid="report-pdf">
          <Download aria-hidden="true" /> {c.status === 'closed' ? 'Report (PDF)' : 'Draft report (PDF)'}
        </a>
      </Button>
      <Button asChild>
        <a href={reportPath(tenant, c.id, 'csv')} download data-testid="report-csv">
          <Download aria-hidden="true" /> {c.status === 'closed' ? 'Report (CSV)' : 'Draft report (CSV)'}
        </a>
      </Button>
    </>
  ) : null;
  const closeButton =
    isOwner && c.status === 'open' ? (
      <Button
        variant="primary"
        disabled={!close.allowed}
        onClick={() => setSigning('close')}
        aria-describedby={close.allowed ? undefined : 'close-why'}
      >
        <PenLine aria-hidden="true" /> Close and sign
      </Button>
    ) : null;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        eyebrow={back}
        title={c.name}
        meta={<CampaignStatus campaign={c} />}
        description={`${scopeInWords(c.scope, names)} · reviewed by ${reviewersInWords(c.reviewers).toLowerCase()}`}
        actions={
          reports || closeButton ? (
            <>
              {reports}
              {closeButton}
            </>
          ) : undefined
        }
      />
      {c.status === 'closed' ? (
        <Alert tone="success" title="This review is closed and signed">
          Its decisions and report are final.
        </Alert>
      ) : null}
      <Card>
        <CardContent className="grid gap-4 py-4 sm:grid-cols-2 lg:grid-cols-4">
          <dl className="grid gap-0.5 text-[13px]">
            <dt className="text-muted-foreground">Owner</dt>
            <dd className="font-medium" data-testid="campaign-owner">
              {c.owner.name}
            </dd>
          </dl>
          <dl className="grid gap-0.5 text-[13px]">
            <dt className="text-muted-foreground">Due</dt>
            <dd className="font-medium">
              <TableDate iso={c.dueOn} dateOnly />
            </dd>
          </dl>
          <dl className="grid gap-0.5 text-[13px]">
            <dt className="text-muted-foreground">Started</dt>
            <dd className="font-medium">
              <TableDate iso={c.createdAt} />
              {c.recurrence === 'none' ? null : (
                <span className="ml-2 text-muted-foreground">Repeats {RECURRENCE_LABEL[c.recurrence].toLowerCase()}</span>
              )}
            </dd>
            {c.closedAt ? (
              <>
                <dt className="mt-1 text-muted-foreground">Closed</dt>
                <dd className="font-medium">
                  <TableDate iso={c.closedAt} />
                </dd>
              </>
            ) : null}
          </dl>
          <CampaignProgress progress={allProgress} label="Progress of this review" />
        </CardContent>
        {isOwner && c.status === 'open' && !close.allowed ? (
          <p id="close-why" className="border-t border-border px-4 py-2.5 text-xs text-muted-foreground">
            {close.reason}
          </p>
        ) : null}
        {c.status === 'closed' && c.reportSha256 ? (
          <p className="border-t border-border px-4 py-2.5 text-xs break-all text-muted-foreground">
            Report stored at closing · SHA-256 <code data-testid="report-sha256">{c.reportSha256}</code>
          </p>
        ) : null}
      </Card>

      {manager && mine.isSuccess && myItems.length === 0 ? null : (
        <Card aria-busy={mine.isPending || undefined}>
          <CardHeader className="flex-col sm:flex-row sm:justify-between">
            <div className="grid gap-1">
              <CardTitle>Your review items</CardTitle>
              <CardDescription>
                {myItems.length
                  ? `${mineProgress.decided} of ${mineProgress.total} decided, ${mineProgress.signed} signed. Decisions take effect when you sign them.`
                  : 'The members whose access you review in this campaign.'}
              </CardDescription>
            </div>
            {toSign > 0 && c.status === 'open' ? (
              <Button variant="primary" onClick={() => setSigning('decisions')} className="self-start">
                <PenLine aria-hidden="true" /> Sign my decisions ({toSign})
              </Button>
            ) : null}
          </CardHeader>
          <CardContent>
            {mine.isPending ? (
              <Skeleton className="h-24 w-full" />
            ) : mine.isError ? (
              <LoadFailed title="Your items could not be loaded" query={mine} />
            ) : myItems.length === 0 ? (
              <EmptyState title="No items for you" size="compact" headingLevel="h3">
                You are not a reviewer in this campaign. Nobody reviews their own access.
              </EmptyState>
            ) : (
              <div className="divide-y divide-border" data-testid="my-items">
                {myItems.map((item) => (
                  <ReviewItemCard
                    key={item.id}
                    tenant={tenant}
                    campaign={c}
                    item={item}
                    viewerId={viewer.userId}
                    roleOptions={roles.data}
                    roleNames={roleNames}
                  />
                ))}
              </div>
            )}
          </CardContent>
        </Card>
      )}

      {manager ? (
        <section aria-labelledby="all-items-heading" className="grid gap-3" aria-busy={all.isPending || undefined}>
          <h2 id="all-items-heading" className="text-sm font-semibold">
            All items by reviewer
          </h2>
          {all.isPending ? (
            <Skeleton className="h-24 w-full" />
          ) : all.isError ? (
            <LoadFailed title="The items could not be loaded" query={all} />
          ) : (
            byReviewer(all.data).map((group) => {
              const p = progressOf(group.items);
              return (
                <Card key={group.reviewer.id} data-testid="reviewer-group">
                  <CardHeader>
                    <div className="grid gap-1">
                      <CardTitle as="h3">{group.reviewer.name}</CardTitle>
                      <CardDescription>
                        {p.decided} of {p.total} decided, {p.signed} signed
                      </CardDescription>
                    </div>
                  </CardHeader>
                  <CardContent className="divide-y divide-border">
                    {group.items.map((item) => (
                      <details key={item.id} className="group py-1">
                        <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                          <span className="font-medium break-words">{item.member.name}</span>
                          <span className="text-xs break-all text-muted-foreground">{item.member.email}</span>
                          <ItemStateBadges item={item} />
                        </summary>
                        <ReviewItemCard
                          tenant={tenant}
                          campaign={c}
                          item={item}
                          viewerId={viewer.userId}
                          roleOptions={roles.data}
                          roleNames={roleNames}
                          showReviewer
                        />
                      </details>
                    ))}
                  </CardContent>
                </Card>
              );
            })
          )}
        </section>
      ) : null}

      {notes}

      <SignatureDialog
        request={request}
        signerName={viewer.name}
        onOpenChange={(open) => (open ? undefined : setSigning(null))}
        onSign={onSign}
        passwordOptional={sessionSigning.passwordOptional}
        withReason={false}
      />
    </div>
  );
}
