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
import { patternsForChosenTypes, typesCoveredBy } from '@/lib/webhooks/event-types';
import { createWebhookEndpointSchema, updateWebhookEndpointSchema } from '@/lib/webhooks/endpoints/schemas';
import { DESCRIPTION_MAX, FORMAT_LABEL, WEBHOOK_FORMATS } from '@/lib/webhooks/policy';
import { EventTypePicker } from './event-type-picker';
import { webhookPath, webhooksPath, type WebhookEndpointView, type WebhookEndpointWithSecret } from './api';

/** The first error of each field (`events.3` counts as `events`). */
function errorsByField(errors: Array<{ path: string; message: string }>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of errors) map[e.path.split('.')[0]] ??= e.message;
  return map;
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
  const [chosen, setChosen] = React.useState<Set<string>>(() => typesCoveredBy(endpoint?.events ?? []));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [serverError, setServerError] = React.useState<string | null>(null);
  const formId = React.useId();

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
    const body = { url: url.trim(), description: description.trim(), format, events: patternsForChosenTypes(chosen) };
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
          <EventTypePicker
            chosen={chosen}
            onChange={setChosen}
            error={errors.events}
            familyTestId="event-family"
            describe={(e) => (
              <>
                {e.description}
                <code className="block text-xs break-all text-muted-foreground">{e.type}</code>
              </>
            )}
          />
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
