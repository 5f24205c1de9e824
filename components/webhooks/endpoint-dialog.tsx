'use client';

import * as React from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, ApiError } from '@/components/api-client';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import type { WebhookEndpointFormat } from '@/db/schema/webhooks';
import { fieldErrors } from '@/lib/validation';
import { WEBHOOK_EVENT_FAMILIES, WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/event-types';
import { createWebhookEndpointSchema, updateWebhookEndpointSchema } from '@/lib/webhooks/endpoints/schemas';
import { DESCRIPTION_MAX, eventFamilyLabel, FORMAT_LABEL, WEBHOOK_FORMATS } from '@/lib/webhooks/policy';
import { webhookPath, webhooksPath, type WebhookEndpointView, type WebhookEndpointWithSecret } from './api';

/** The first error of each field (`events.3` counts as `events`). */
function errorsByField(errors: Array<{ path: string; message: string }>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of errors) map[e.path.split('.')[0]] ??= e.message;
  return map;
}

/** The patterns the checkboxes stand for: a whole family as `family.*`, everything as `*`. */
function patternsOf(chosen: ReadonlySet<string>): string[] {
  const all = WEBHOOK_EVENT_TYPES.every((e) => chosen.has(e.type));
  if (all) return ['*'];
  const patterns: string[] = [];
  for (const family of WEBHOOK_EVENT_FAMILIES) {
    const types = WEBHOOK_EVENT_TYPES.filter((e) => e.type.startsWith(`${family}.`)).map((e) => e.type);
    if (types.every((t) => chosen.has(t))) patterns.push(`${family}.*`);
    else patterns.push(...types.filter((t) => chosen.has(t)));
  }
  return patterns;
}

/** The types a stored subscription covers, as checkboxes. */
function typesOf(patterns: readonly string[]): Set<string> {
  return new Set(
    WEBHOOK_EVENT_TYPES.map((e) => e.type).filter((type) =>
      patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1)))),
    ),
  );
}

/**
 * Add an endpoint, or change one: URL, description, format, and the events it receives as checkboxes grouped by
 * family (each family with "All …"). A whole family is saved as `family.*`, so types added to it later arrive too.
 * The new endpoint's secret goes to `onCreated` (shown once).
 */
export function EndpointDialog({
  tenant,
  endpoint,
  onClose,
  onSaved,
  onCreated,
}: {
  tenant: string;
  /** null: a new endpoint. */
  endpoint: WebhookEndpointView | null;
  onClose: () => void;
  onSaved: (saved: WebhookEndpointView) => void;
  onCreated?: (created: WebhookEndpointWithSecret) => void;
}) {
  const [url, setUrl] = React.useState(endpoint?.url ?? '');
  const [description, setDescription] = React.useState(endpoint?.description ?? '');
  const [format, setFormat] = React.useState<WebhookEndpointFormat>(endpoint?.format ?? 'standard');
  const [chosen, setChosen] = React.useState<Set<string>>(() => typesOf(endpoint?.events ?? []));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [serverError, setServerError] = React.useState<string | null>(null);
  const formId = React.useId();

  const toggle = (types: string[], on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      for (const t of types) {
        if (on) next.add(t);
        else next.delete(t);
      }
      return next;
    });

  const save = useMutation({
    mutationFn: (body: unknown) =>
      endpoint
        ? api<WebhookEndpointView>(webhookPath(tenant, endpoint.id), { method: 'PATCH', json: body })
        : api<WebhookEndpointWithSecret>(webhooksPath(tenant), { method: 'POST', json: body }),
    onSuccess: (saved) => {
      onSaved(saved);
      onClose();
      if (endpoint) toast({ tone: 'success', title: 'Endpoint saved' });
      else {
        toast({ tone: 'success', title: 'Endpoint added' });
        onCreated?.(saved as WebhookEndpointWithSecret);
      }
    },
    onError: (error) => {
      const map = error instanceof ApiError ? errorsByField(error.errors) : {};
      setErrors(map);
      setServerError(Object.keys(map).length > 0 ? null : error.message);
    },
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = { url: url.trim(), description: description.trim(), format, events: patternsOf(chosen) };
    const parsed = (endpoint ? updateWebhookEndpointSchema : createWebhookEndpointSchema).safeParse(body);
    if (!parsed.success) {
      setErrors(errorsByField(fieldErrors(parsed.error)));
      return;
    }
    setErrors({});
    setServerError(null);
    save.mutate(body);
  }

  return (
    <Dialog open onOpenChange={(open) => (open || save.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-2xl">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{endpoint ? 'Change the endpoint' : 'Add an endpoint'}</DialogTitle>
            <DialogDescription>
              {endpoint
                ? 'Its signing secret stays as it is.'
                : 'Custos sends the events you choose to this address, signed with a secret you get once the endpoint is added.'}
            </DialogDescription>
          </DialogHeader>
          <FormField label="URL" description="An https:// address on the internet that accepts POST requests." error={errors.url}>
            <Input
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              inputMode="url"
              autoComplete="off"
              placeholder="https://hooks.example.com/custos"
              className="font-mono text-xs"
              autoFocus
            />
          </FormField>
          <FormField label="Description" optional description="What receives these events, for the next person." error={errors.description}>
            <Textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={DESCRIPTION_MAX} />
          </FormField>
          <fieldset className="grid gap-1.5">
            <legend className="mb-1 text-sm font-medium">Format</legend>
            {WEBHOOK_FORMATS.map((f) => (
              <label key={f} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={`${formId}-format`}
                  value={f}
                  className="size-4 accent-primary"
                  checked={format === f}
                  onChange={() => setFormat(f)}
                />
                <span>{FORMAT_LABEL[f]}</span>
              </label>
            ))}
            {errors.format ? <p className="text-xs text-danger">{errors.format}</p> : null}
          </fieldset>
          <fieldset className="grid gap-3">
            <legend className="mb-1 text-sm font-medium">Events</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              {WEBHOOK_EVENT_FAMILIES.map((family) => {
                const types = WEBHOOK_EVENT_TYPES.filter((e) => e.type.startsWith(`${family}.`));
                const all = types.every((e) => chosen.has(e.type));
                return (
                  <div key={family} className="grid gap-1 rounded-md border border-border p-2" data-testid="event-family">
                    <label className="flex items-center gap-2 text-sm font-medium">
                      <input
                        type="checkbox"
                        className="size-4 accent-primary"
                        checked={all}
                        onChange={(e) =>
                          toggle(
                            types.map((t) => t.type),
                            e.target.checked,
                          )
                        }
                      />
                      <span>All {eventFamilyLabel(family).toLowerCase()}</span>
                    </label>
                    {types.map((e) => (
                      <label key={e.type} className="flex items-start gap-2 pl-5 text-sm">
                        <input
                          type="checkbox"
                          className="mt-0.5 size-4 accent-primary"
                          checked={chosen.has(e.type)}
                          onChange={(ev) => toggle([e.type], ev.target.checked)}
                        />
                        <span className="min-w-0">
                          {e.description}
                          <code className="block text-xs break-all text-muted-foreground">{e.type}</code>
                        </span>
                      </label>
                    ))}
                  </div>
                );
              })}
            </div>
            {errors.events ? <p className="text-xs text-danger">{errors.events}</p> : null}
          </fieldset>
          <FormError message={serverError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={save.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" pending={save.isPending}>
              {endpoint ? 'Save' : 'Add endpoint'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
