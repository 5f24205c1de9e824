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
import { DAILY_DIGEST_HOUR_UTC, DIGEST_FREQUENCIES, DIGEST_FREQUENCY_LABEL, MAX_DIGEST_RECIPIENTS } from '@/lib/notifications/policy';
import { createDigestSchema, updateDigestSchema } from '@/lib/notifications/schemas';
import { fieldErrors } from '@/lib/validation';
import { eventTitle } from '@/lib/webhooks/chat-message';
import { patternsForChosenTypes, typesCoveredBy } from '@/lib/webhooks/event-types';
import { EventTypePicker } from '@/components/webhooks/event-type-picker';
import { digestPath, digestsPath, type DigestView } from './api';

/** The first error of each field (`recipients.2` counts as `recipients`, with the address named). */
function errorsByField(errors: Array<{ path: string; message: string }>, recipients: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of errors) {
    const [field, index] = e.path.split('.');
    const which = field === 'recipients' && index !== undefined ? recipients[Number(index)] : undefined;
    map[field] ??= which ? `${which}: ${e.message}` : e.message;
  }
  return map;
}

/** The addresses typed in the box: one per line, or separated by commas or spaces. */
const addressesOf = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);

/**
 * Add an email digest, or change one: its name, who gets it (empty: the tenant's admins), how often, and the events
 * as checkboxes grouped by family (each family with "All …"; a whole family is saved as `family.*`).
 */
export function DigestDialog({
  tenant,
  digest,
  onClose,
  onSaved,
}: {
  tenant: string;
  /** null: a new digest. */
  digest: DigestView | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [name, setName] = React.useState(digest?.name ?? '');
  const [recipients, setRecipients] = React.useState((digest?.recipients ?? []).join('\n'));
  const [frequency, setFrequency] = React.useState<DigestView['frequency']>(digest?.frequency ?? 'daily');
  const [chosen, setChosen] = React.useState<Set<string>>(() => typesCoveredBy(digest?.events ?? []));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [serverError, setServerError] = React.useState<string | null>(null);
  const formId = React.useId();

  const save = useMutation({
    mutationFn: (body: unknown) =>
      digest
        ? api<DigestView>(digestPath(tenant, digest.id), { method: 'PATCH', json: body })
        : api<DigestView>(digestsPath(tenant), { method: 'POST', json: body }),
    onSuccess: (saved) => {
      onSaved();
      onClose();
      toast({ tone: 'success', title: digest ? 'Email digest saved' : 'Email digest added', description: `“${saved.name}”` });
    },
    onError: (error) => {
      const map = error instanceof ApiError ? errorsByField(error.errors, addressesOf(recipients)) : {};
      setErrors(map);
      setServerError(Object.keys(map).length > 0 ? null : error.message);
    },
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const list = addressesOf(recipients);
    const body = {
      name: name.trim(),
      recipients: list,
      frequency,
      events: patternsForChosenTypes(chosen),
    };
    const parsed = (digest ? updateDigestSchema : createDigestSchema).safeParse(body);
    if (!parsed.success) {
      setErrors(errorsByField(fieldErrors(parsed.error), list));
      return;
    }
    setErrors({});
    setServerError(null);
    save.mutate(body);
  }

  return (
    <Dialog open onOpenChange={(open) => (open || save.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-2xl">
        <form onSubmit={submit} noValidate className="grid gap-4" aria-label={digest ? 'Change the email digest' : 'Add an email digest'}>
          <DialogHeader>
            <DialogTitle>{digest ? 'Change the email digest' : 'Add an email digest'}</DialogTitle>
            <DialogDescription>
              Custos mails a list of the chosen events to these people. A period with none of them sends nothing.
            </DialogDescription>
          </DialogHeader>
          <FormField label="Name" description="Shown in the mail’s subject, such as “QA releases”." error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" autoFocus />
          </FormField>
          <FormField
            label="Recipients"
            optional
            description={`Email addresses, one per line (at most ${MAX_DIGEST_RECIPIENTS}). Leave empty to mail the tenant’s admins.`}
            error={errors.recipients}
          >
            <Textarea
              value={recipients}
              onChange={(e) => setRecipients(e.target.value)}
              rows={3}
              inputMode="email"
              autoComplete="off"
              placeholder="qa-leads@example.com"
            />
          </FormField>
          <fieldset className="grid gap-1.5">
            <legend className="mb-1 text-sm font-medium">How often</legend>
            {DIGEST_FREQUENCIES.map((f) => (
              <label key={f} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={`${formId}-frequency`}
                  value={f}
                  className="size-4 shrink-0 accent-primary"
                  checked={frequency === f}
                  onChange={() => setFrequency(f)}
                />
                <span>
                  {DIGEST_FREQUENCY_LABEL[f]}
                  {f === 'daily' ? ` (at ${String(DAILY_DIGEST_HOUR_UTC).padStart(2, '0')}:00 UTC)` : ''}
                </span>
              </label>
            ))}
            {errors.frequency ? <p className="text-xs text-danger">{errors.frequency}</p> : null}
          </fieldset>
          <EventTypePicker
            chosen={chosen}
            onChange={setChosen}
            error={errors.events}
            familyTestId="digest-event-family"
            describe={(e) => (
              <>
                {eventTitle(e.type)}
                <span className="block text-xs text-muted-foreground">{e.description}</span>
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
              {digest ? 'Save' : 'Add digest'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
