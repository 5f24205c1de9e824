'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useForm, useWatch, type FieldErrors, type Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { api } from '@/components/api-client';
import { placeServerErrors } from '@/components/quality/form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { ACCESS_REVIEW_RECURRENCES } from '@/db/schema/access-reviews';
import { inCatalogOrder, permissionTitle } from '@/lib/access/permission-catalog';
import { PERMISSIONS } from '@/lib/access/permissions';
import { dueOnProblem, todayOf } from '@/lib/access-reviews/policy';
import { createAccessReviewSchema } from '@/lib/access-reviews/schemas';
import { accessReviewsPath, RECURRENCE_LABEL, type AccessReviewView } from './api';

type ScopeType = 'all' | 'team' | 'system' | 'permissions';
type Values = {
  name: string;
  scope: { type: ScopeType; teamId: string; systemId: string; permissions: string[] };
  reviewers: { type: 'people' | 'admins'; userIds: string[] };
  dueOn: string;
  recurrence: (typeof ACCESS_REVIEW_RECURRENCES)[number];
};

/** The request body of the form's values: only the fields of the chosen scope and reviewers. */
function toBody(v: Values) {
  const scope =
    v.scope.type === 'team'
      ? { type: 'team' as const, teamId: v.scope.teamId }
      : v.scope.type === 'system'
        ? { type: 'system' as const, systemId: v.scope.systemId }
        : v.scope.type === 'permissions'
          ? { type: 'permissions' as const, permissions: v.scope.permissions }
          : { type: 'all' as const };
  const reviewers = v.reviewers.type === 'people' ? { type: 'people' as const, userIds: v.reviewers.userIds } : { type: 'admins' as const };
  return { name: v.name, scope, reviewers, dueOn: v.dueOn, recurrence: v.recurrence };
}

/** The API schema checks the body; the policy's due-date rule runs on the viewer's clock for an early word. */
const check = zodResolver(createAccessReviewSchema as never, undefined, { raw: true }) as unknown as Resolver<Record<string, unknown>>;
const resolver: Resolver<Values> = async (values, context, options) => {
  const result = await check(toBody(values), context, options as never);
  const errors = { ...(result.errors as FieldErrors<Values>) };
  const due = values.dueOn && !errors.dueOn ? dueOnProblem(values.dueOn, new Date()) : null;
  if (due) errors.dueOn = { type: 'policy', message: due };
  if (Object.keys(errors).length === 0) return { values, errors: {} };
  return { values: {}, errors };
};

/** Where an API error path sits on the form (`reviewers.userIds.2` → `reviewers.userIds`, `scope` → `scope.type`). */
function fieldOf(path: string): string | null {
  if (path === 'scope' || path === 'reviewers') return `${path}.type`;
  const [head, second] = path.split('.');
  if ((head === 'scope' || head === 'reviewers') && second) return `${head}.${second}`;
  return head || null;
}

type Ref = { id: string; name: string };
type Page<T> = { data: T[] };

/** A list for a picker (first 200: teams, systems and members of a tenant), fetched when the dialog needs it. */
function usePicker<T>(tenant: string, what: 'teams' | 'systems' | 'members', enabled: boolean) {
  return useQuery({
    queryKey: ['tenant', tenant, 'access-reviews', 'picker', what],
    queryFn: async () => (await api<Page<T>>(`/api/v1/tenants/${encodeURIComponent(tenant)}/${what}?limit=200`)).data,
    enabled,
    staleTime: 60_000,
  });
}

function inDays(days: number): string {
  return todayOf(new Date(Date.now() + days * 86_400_000));
}

/**
 * "Start a review": a name; whom it covers (all members, a team, a system, or holders of chosen permissions); who
 * reviews (chosen members, or the admins); the due date; and whether it repeats. Checked by the API's own schema
 * (react-hook-form + zod), the server's refusals placed beside their fields. Opens the new campaign when started.
 */
export function StartReviewDialog({
  tenant,
  viewerId,
  onClose,
  onStarted,
}: {
  tenant: string;
  viewerId: string;
  onClose: () => void;
  onStarted: (campaign: AccessReviewView) => void;
}) {
  const router = useRouter();
  const [serverError, setServerError] = React.useState<string | null>(null);
  const formId = React.useId();
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    resolver,
    defaultValues: {
      name: '',
      scope: { type: 'all', teamId: '', systemId: '', permissions: [] },
      reviewers: { type: 'people', userIds: [] },
      dueOn: inDays(14),
      recurrence: 'none',
    },
  });
  const [scopeType, reviewersType] = useWatch({ control, name: ['scope.type', 'reviewers.type'] });
  const teams = usePicker<Ref>(tenant, 'teams', scopeType === 'team');
  const systems = usePicker<Ref & { slug: string }>(tenant, 'systems', scopeType === 'system');
  const members = usePicker<{ user: Ref & { email: string }; status: string }>(tenant, 'members', reviewersType === 'people');
  const activeMembers = (members.data ?? []).filter((m) => m.status === 'active');

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const campaign = await api<AccessReviewView>(accessReviewsPath(tenant), { method: 'POST', json: toBody(values) });
      toast({ tone: 'success', title: 'Review started', description: `${campaign.progress.total} items for the reviewers.` });
      onStarted(campaign);
      onClose();
      router.push(`/t/${tenant}/access-reviews/${campaign.id}`);
    } catch (error) {
      setServerError(placeServerErrors(error, setError, fieldOf));
    }
  });

  const radio = 'size-4 accent-primary';
  return (
    <Dialog open onOpenChange={(open) => (open || isSubmitting ? undefined : onClose())}>
      <DialogContent className="max-w-2xl">
        <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Start an access review</DialogTitle>
            <DialogDescription>
              Each reviewer gets one item per member in scope and decides to keep, revoke or change their access. Nobody reviews their own
              access.
            </DialogDescription>
          </DialogHeader>
          {serverError ? <Alert tone="danger" role="alert" title={serverError} /> : null}
          <FormField label="Name" error={errors.name?.message}>
            <Input autoComplete="off" placeholder="Q1 user-access review" autoFocus {...register('name')} />
          </FormField>

          <fieldset className="grid gap-2" aria-describedby={errors.scope?.type ? `${formId}-scope-error` : undefined}>
            <legend className="mb-1 text-sm font-medium">Whose access</legend>
            {(
              [
                ['all', 'All members'],
                ['team', 'The members of a team'],
                ['system', 'The members with access to a system'],
                ['permissions', 'The holders of chosen permissions'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2 text-sm">
                <input type="radio" value={value} className={radio} {...register('scope.type')} />
                <span>{label}</span>
              </label>
            ))}
            {errors.scope?.type ? (
              <p id={`${formId}-scope-error`} className="text-xs text-danger">
                {errors.scope.type.message}
              </p>
            ) : null}
            {scopeType === 'team' ? (
              <FormField label="Team" error={errors.scope?.teamId?.message}>
                <select className={`${controlClasses} h-8`} disabled={teams.isPending} {...register('scope.teamId')}>
                  <option value="">
                    {teams.isPending ? 'Loading teams…' : teams.isError ? 'Teams could not be loaded' : 'Choose a team'}
                  </option>
                  {teams.data?.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </FormField>
            ) : null}
            {scopeType === 'system' ? (
              <FormField label="System" error={errors.scope?.systemId?.message}>
                <select className={`${controlClasses} h-8`} disabled={systems.isPending} {...register('scope.systemId')}>
                  <option value="">
                    {systems.isPending ? 'Loading systems…' : systems.isError ? 'Systems could not be loaded' : 'Choose a system'}
                  </option>
                  {systems.data?.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} ({s.slug})
                    </option>
                  ))}
                </select>
              </FormField>
            ) : null}
            {scopeType === 'permissions' ? (
              <fieldset className="grid gap-1.5 rounded-md border border-border p-3">
                <legend className="px-1 text-sm font-medium">Permissions</legend>
                <div className="grid max-h-56 gap-1.5 overflow-y-auto sm:grid-cols-2">
                  {inCatalogOrder(PERMISSIONS).map((key) => (
                    <label key={key} className="flex min-w-0 items-start gap-2 text-sm">
                      <input
                        type="checkbox"
                        value={key}
                        className="mt-0.5 size-4 shrink-0 accent-primary"
                        {...register('scope.permissions')}
                      />
                      <span className="grid min-w-0">
                        <span>{permissionTitle(key)}</span>
                        <code className="text-[11px] break-all text-muted-foreground">{key}</code>
                      </span>
                    </label>
                  ))}
                </div>
                {errors.scope?.permissions ? <p className="text-xs text-danger">{errors.scope.permissions.message}</p> : null}
              </fieldset>
            ) : null}
          </fieldset>

          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Who reviews</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" value="people" className={radio} {...register('reviewers.type')} />
              <span>Chosen members</span>
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" value="admins" className={radio} {...register('reviewers.type')} />
              <span>The admins (everyone who may manage access reviews)</span>
            </label>
            {reviewersType === 'people' ? (
              <fieldset className="grid gap-1.5 rounded-md border border-border p-3" data-testid="reviewer-picker">
                <legend className="px-1 text-sm font-medium">Reviewers</legend>
                {members.isPending ? (
                  <p className="text-sm text-muted-foreground">Loading members…</p>
                ) : members.isError ? (
                  <p className="text-sm text-danger">The members could not be loaded.</p>
                ) : (
                  <div className="grid max-h-56 gap-1.5 overflow-y-auto sm:grid-cols-2">
                    {activeMembers.map((m) => (
                      <label key={m.user.id} className="flex min-w-0 items-start gap-2 text-sm">
                        <input
                          type="checkbox"
                          value={m.user.id}
                          className="mt-0.5 size-4 shrink-0 accent-primary"
                          {...register('reviewers.userIds')}
                        />
                        <span className="grid min-w-0">
                          <span className="break-words">
                            {m.user.name}
                            {m.user.id === viewerId ? ' (you)' : ''}
                          </span>
                          <span className="text-xs break-all text-muted-foreground">{m.user.email}</span>
                        </span>
                      </label>
                    ))}
                  </div>
                )}
                {errors.reviewers?.userIds ? <p className="text-xs text-danger">{errors.reviewers.userIds.message}</p> : null}
              </fieldset>
            ) : null}
            {errors.reviewers?.type ? <p className="text-xs text-danger">{errors.reviewers.type.message}</p> : null}
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Due date" error={errors.dueOn?.message} description="The last day to decide.">
              <Input type="date" {...register('dueOn')} />
            </FormField>
            <FormField label="Repeats" error={errors.recurrence?.message} description="The next review starts on schedule.">
              <select className={`${controlClasses} h-8`} {...register('recurrence')}>
                {ACCESS_REVIEW_RECURRENCES.map((r) => (
                  <option key={r} value={r}>
                    {RECURRENCE_LABEL[r]}
                  </option>
                ))}
              </select>
            </FormField>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={isSubmitting}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" pending={isSubmitting}>
              Start review
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
