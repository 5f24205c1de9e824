'use client';

import * as React from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '@/components/api-client';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { TableDate } from '@/components/ui/table-date';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { ACCESS_REVIEW_DECISIONS, type AccessReviewDecision } from '@/db/schema/access-reviews';
import { COMMENT_MAX, mayActOnItem, mayChangeDecision } from '@/lib/access-reviews/policy';
import { decideReviewItemSchema } from '@/lib/access-reviews/schemas';
import { fieldErrors } from '@/lib/validation';
import { accessReviewKey, DECISION_HINT, DECISION_LABEL, reviewItemPath, type AccessReviewItemView, type AccessReviewView } from './api';

type Item = AccessReviewItemView;
type RoleOption = { id: string; name: string; system: { slug: string } | null };

/** A role's name with its system, as the member page shows it. */
const roleName = (r: { name: string; system: string | null }) => (r.system ? `${r.name} (${r.system})` : r.name);

function List({ items, none }: { items: React.ReactNode[]; none: string }) {
  return items.length ? <span className="flex flex-wrap gap-1">{items}</span> : <span className="text-muted-foreground">{none}</span>;
}

/** The member's access when the campaign started: roles, teams, overrides, systems, last activity, second factor. */
export function AccessFacts({ item }: { item: Item }) {
  const s = item.snapshot;
  const factor = [
    s.secondFactor.totp ? 'Authenticator app' : null,
    s.secondFactor.passkeys ? `${s.secondFactor.passkeys} passkey${s.secondFactor.passkeys === 1 ? '' : 's'}` : null,
  ].filter(Boolean);
  return (
    <dl className="grid gap-x-4 gap-y-1.5 text-[13px] sm:grid-cols-[8rem_1fr]">
      <dt className="text-muted-foreground">Roles</dt>
      <dd>
        <List
          none="None"
          items={s.roles.map((r) => (
            <Badge key={r.id} tone="accent">
              {roleName(r)}
            </Badge>
          ))}
        />
      </dd>
      <dt className="text-muted-foreground">Teams</dt>
      <dd>
        <List
          none="None"
          items={s.teams.map((t) => (
            <Badge key={t.id}>{t.name}</Badge>
          ))}
        />
      </dd>
      <dt className="text-muted-foreground">Overrides</dt>
      <dd>
        <List
          none="None"
          items={s.overrides.map((o) => (
            <Badge key={o.permission} tone={o.effect === 'deny' ? 'danger' : 'success'}>
              {o.effect === 'deny' ? 'Deny' : 'Allow'} <code>{o.permission}</code>
            </Badge>
          ))}
        />
      </dd>
      <dt className="text-muted-foreground">Systems</dt>
      <dd>
        <List
          none="None"
          items={s.systems.map((x) => (
            <Badge key={x.id}>{x.name}</Badge>
          ))}
        />
      </dd>
      <dt className="text-muted-foreground">Last active</dt>
      <dd>
        <TableDate iso={s.lastActiveAt} fallback="Never" />
      </dd>
      <dt className="text-muted-foreground">Second factor</dt>
      <dd>
        {factor.length ? (
          <Badge tone="success">{factor.join(' and ')}</Badge>
        ) : (
          <Badge tone="warning" data-testid="no-second-factor">
            None
          </Badge>
        )}
      </dd>
      {s.status === 'suspended' ? (
        <>
          <dt className="text-muted-foreground">Status</dt>
          <dd>
            <Badge tone="danger" dot>
              Suspended
            </Badge>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** What a decision takes away or sets, in words, naming the member's roles as the snapshot has them. */
export function changeWords(change: Item['change'], item: Item, roles: ReadonlyMap<string, string>): string {
  if (!change) return '';
  const name = (id: string) => roles.get(id) ?? item.snapshot.roles.find((r) => r.id === id)?.name ?? 'a role';
  const parts: string[] = [];
  if (change.membership) parts.push('the membership');
  if (change.roleIds?.length) parts.push(`role${change.roleIds.length === 1 ? '' : 's'} ${change.roleIds.map(name).join(', ')}`);
  if (change.overrides?.length) parts.push(`override${change.overrides.length === 1 ? '' : 's'} of ${change.overrides.join(', ')}`);
  if (change.setRoleIds) return `New roles: ${change.setRoleIds.map(name).join(', ') || 'none'}`;
  return parts.length ? `Revoke ${parts.join(' and ')}` : '';
}

/** The decision and its state as badges, words included (a summary row of the owner's view). */
export function ItemStateBadges({ item }: { item: Item }) {
  if (!item.decision)
    return (
      <Badge tone="warning" dot>
        Not decided
      </Badge>
    );
  const tone = item.decision === 'keep' ? 'success' : item.decision === 'revoke' ? 'danger' : 'info';
  return (
    <span className="flex flex-wrap gap-1.5">
      <Badge tone={tone}>{DECISION_LABEL[item.decision]}</Badge>
      <Badge tone={item.signedAt ? 'success' : 'warning'} dot>
        {item.signedAt ? 'Signed' : 'Not signed'}
      </Badge>
    </span>
  );
}

/** The decision as a badge and a line: decision, what it changes, comment, decided and signed times. */
export function DecisionSummary({ item, roles }: { item: Item; roles: ReadonlyMap<string, string> }) {
  if (!item.decision) {
    return (
      <Badge tone="warning" dot data-testid="item-state">
        Not decided
      </Badge>
    );
  }
  const tone = item.decision === 'keep' ? 'success' : item.decision === 'revoke' ? 'danger' : 'info';
  const applied = item.appliedChange?.notes?.length ? item.appliedChange.notes.join(' ') : null;
  return (
    <div className="grid gap-1 text-[13px]" data-testid="decision-summary">
      <span className="flex flex-wrap items-center gap-2">
        <Badge tone={tone}>{DECISION_LABEL[item.decision]}</Badge>
        {item.signedAt ? (
          <Badge tone="success" dot data-testid="item-state">
            Signed
          </Badge>
        ) : (
          <Badge tone="warning" dot data-testid="item-state">
            Decided, not signed
          </Badge>
        )}
        <span className="text-muted-foreground">{changeWords(item.change, item, roles)}</span>
      </span>
      {item.comment ? <p className="break-words text-muted-foreground">“{item.comment}”</p> : null}
      <span className="flex flex-wrap gap-x-3 text-xs text-muted-foreground">
        <span>
          Decided <TableDate iso={item.decidedAt} />
        </span>
        {item.signedAt ? (
          <span>
            Signed by {item.reviewer.name} <TableDate iso={item.signedAt} />
          </span>
        ) : null}
      </span>
      {applied ? <p className="text-xs text-muted-foreground">{applied}</p> : null}
    </div>
  );
}

/**
 * Keep, revoke (the roles, overrides or membership to take away) or modify (the new set of roles), with a comment;
 * checked by the API's schema before it is sent. Saved decisions take effect only when the reviewer signs them.
 */
function DecisionForm({
  tenant,
  campaign,
  item,
  roleOptions,
  onDone,
}: {
  tenant: string;
  campaign: AccessReviewView;
  item: Item;
  roleOptions: RoleOption[] | undefined;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const id = React.useId();
  const [decision, setDecision] = React.useState<AccessReviewDecision | null>(item.decision);
  const [roleIds, setRoleIds] = React.useState<string[]>(item.change?.roleIds ?? []);
  const [overrides, setOverrides] = React.useState<string[]>(item.change?.overrides ?? []);
  const [membership, setMembership] = React.useState(item.change?.membership ?? false);
  const [setRoles, setSetRoles] = React.useState<string[]>(item.change?.setRoleIds ?? item.snapshot.roles.map((r) => r.id));
  const [comment, setComment] = React.useState(item.comment ?? '');
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [problem, setProblem] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...new Set([...list, value])] : list.filter((v) => v !== value));
  const modifyChoices: Array<{ id: string; name: string }> = roleOptions
    ? roleOptions.map((r) => ({ id: r.id, name: r.system ? `${r.name} (${r.system.slug})` : r.name }))
    : item.snapshot.roles.map((r) => ({ id: r.id, name: roleName(r) }));

  const body = () => {
    const trimmed = comment.trim();
    const base = { decision: decision ?? undefined, ...(trimmed ? { comment: trimmed } : {}) };
    if (decision === 'revoke')
      return {
        ...base,
        change: membership ? { membership: true } : { ...(roleIds.length ? { roleIds } : {}), ...(overrides.length ? { overrides } : {}) },
      };
    if (decision === 'modify') return { ...base, change: { setRoleIds: setRoles } };
    return base;
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = decideReviewItemSchema.safeParse(body());
    if (!parsed.success) {
      const map: Record<string, string> = {};
      for (const e of fieldErrors(parsed.error)) map[e.path.split('.')[0]] ??= e.message;
      setErrors(map);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      await api<Item>(reviewItemPath(tenant, campaign.id, item.id), { method: 'PATCH', json: parsed.data });
      toast({ tone: 'success', title: 'Decision saved', description: 'It takes effect when you sign your decisions.' });
      await queryClient.invalidateQueries({ queryKey: accessReviewKey(tenant, campaign.id) });
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) {
        const map: Record<string, string> = {};
        for (const e of error.errors) map[e.path.split('.')[0] || 'decision'] ??= e.message;
        setErrors(map);
        if (!map.decision && !map.comment && !map.change) setProblem(error.message);
      } else setProblem(error instanceof Error ? error.message : 'We could not reach Custos. Try again.');
    } finally {
      setPending(false);
    }
  };

  const check = 'mt-0.5 size-4 shrink-0 accent-primary';
  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      className="grid gap-3 rounded-md border border-border bg-muted/30 p-3"
      data-testid="decision-form"
    >
      <FormError message={problem} />
      <fieldset className="grid gap-1.5">
        <legend className="mb-1 text-sm font-medium">Decision about {item.member.name}</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1.5">
          {ACCESS_REVIEW_DECISIONS.map((d) => (
            <label key={d} className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-decision`}
                value={d}
                className={check}
                checked={decision === d}
                onChange={() => setDecision(d)}
              />
              <span className="grid">
                <span className="font-medium">{DECISION_LABEL[d]}</span>
                <span className="text-xs text-muted-foreground">{DECISION_HINT[d]}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.decision ? <p className="text-xs text-danger">{errors.decision}</p> : null}
      </fieldset>
      {decision === 'revoke' ? (
        <fieldset className="grid gap-1.5">
          <legend className="mb-1 text-sm font-medium">What to revoke</legend>
          {item.snapshot.roles.map((r) => (
            <label key={r.id} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className={check}
                disabled={membership}
                checked={roleIds.includes(r.id)}
                onChange={(e) => setRoleIds(toggle(roleIds, r.id, e.target.checked))}
              />
              <span>Role {roleName(r)}</span>
            </label>
          ))}
          {item.snapshot.overrides.map((o) => (
            <label key={o.permission} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className={check}
                disabled={membership}
                checked={overrides.includes(o.permission)}
                onChange={(e) => setOverrides(toggle(overrides, o.permission, e.target.checked))}
              />
              <span className="break-all">
                Override: {o.effect === 'deny' ? 'deny' : 'allow'} <code>{o.permission}</code>
              </span>
            </label>
          ))}
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className={check} checked={membership} onChange={(e) => setMembership(e.target.checked)} />
            <span>The whole membership (the member leaves the tenant)</span>
          </label>
          {errors.change ? <p className="text-xs text-danger">{errors.change}</p> : null}
        </fieldset>
      ) : null}
      {decision === 'modify' ? (
        <fieldset className="grid gap-1.5">
          <legend className="mb-1 text-sm font-medium">The member’s roles from now on</legend>
          <div className="grid gap-1.5 sm:grid-cols-2">
            {modifyChoices.map((r) => (
              <label key={r.id} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className={check}
                  checked={setRoles.includes(r.id)}
                  onChange={(e) => setSetRoles(toggle(setRoles, r.id, e.target.checked))}
                />
                <span className="break-words">{r.name}</span>
              </label>
            ))}
          </div>
          {errors.change ? <p className="text-xs text-danger">{errors.change}</p> : null}
        </fieldset>
      ) : null}
      <FormField
        label="Comment"
        optional={decision === 'keep' || decision === null}
        error={errors.comment}
        description={decision && decision !== 'keep' ? 'Say why: kept with the decision and in the report.' : undefined}
      >
        <Textarea rows={2} maxLength={COMMENT_MAX} value={comment} onChange={(e) => setComment(e.target.value)} />
      </FormField>
      <div className="flex flex-wrap justify-end gap-2">
        {item.decision ? (
          <Button type="button" onClick={onDone} disabled={pending}>
            Cancel
          </Button>
        ) : null}
        {/* One primary action on the page ("Sign my decisions"); each item's save is secondary. */}
        <Button type="submit" pending={pending}>
          Save decision
        </Button>
      </div>
    </form>
  );
}

/**
 * One member under review: their access when the campaign started and the decision. The reviewer of the item sees
 * the decision form while it may change (lib/access-reviews/policy.ts); an item about the viewer never shows one.
 */
export function ReviewItemCard({
  tenant,
  campaign,
  item,
  viewerId,
  roleOptions,
  roleNames,
  showReviewer = false,
}: {
  tenant: string;
  campaign: AccessReviewView;
  item: Item;
  viewerId: string;
  roleOptions?: RoleOption[];
  roleNames: ReadonlyMap<string, string>;
  showReviewer?: boolean;
}) {
  const act = mayActOnItem({ reviewerId: item.reviewer.id, subjectUserId: item.member.userId }, viewerId);
  const change = mayChangeDecision({ signedAt: item.signedAt }, campaign);
  // In the owner's view of every item (showReviewer) nothing is decided: the reviewer's own list has the forms.
  const mayDecide = !showReviewer && act.allowed && change.allowed;
  const [editing, setEditing] = React.useState(false);
  const headingId = React.useId();
  const aboutYou = item.member.userId === viewerId;
  const formOpen = mayDecide && (editing || !item.decision);
  return (
    <article aria-labelledby={headingId} className="grid gap-3 py-4" data-testid="review-item">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="grid min-w-0">
          <h3 id={headingId} className="text-sm font-semibold break-words">
            {item.member.name}
          </h3>
          <span className="text-xs break-all text-muted-foreground">{item.member.email}</span>
          {showReviewer ? <span className="text-xs text-muted-foreground">Reviewer: {item.reviewer.name}</span> : null}
        </div>
        {aboutYou ? (
          <Badge tone="neutral" data-testid="about-you">
            About you: another reviewer decides
          </Badge>
        ) : null}
      </div>
      <AccessFacts item={item} />
      {formOpen ? (
        <DecisionForm tenant={tenant} campaign={campaign} item={item} roleOptions={roleOptions} onDone={() => setEditing(false)} />
      ) : (
        <div className="flex flex-wrap items-start justify-between gap-2">
          <DecisionSummary item={item} roles={roleNames} />
          {mayDecide ? (
            <Button size="sm" onClick={() => setEditing(true)}>
              Change decision
            </Button>
          ) : null}
        </div>
      )}
    </article>
  );
}
