'use client';

import * as React from 'react';
import { useForm, useWatch, type Resolver } from 'react-hook-form';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { ApiError } from '@/components/admin/api';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { MEMBER_ATTRIBUTE_TYPE_LABEL } from '@/lib/tenancy/labels';
import {
  MEMBER_ATTRIBUTE_TYPES,
  memberAttributeDefinitionSchema,
  type MemberAttributeDefinition,
  type MemberAttributeType,
  type TenantView,
} from '@/lib/tenancy/schemas';
import { useSaveTenant } from './settings-save';

/** At most this many attributes (the API's limit). */
const MAX_ATTRIBUTES = 30;

/** A key for the API from a label: "Cost centre" → cost_centre (lowercase letters, digits, underscores; a letter first). */
export function keyFromLabel(label: string): string {
  const base = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (/^[0-9]/.test(base) ? `a_${base}` : base).slice(0, 40).replace(/_+$/, '');
}

type FormValues = { label: string; key: string; type: MemberAttributeType; options: string; required: boolean };

const toDefinition = (v: FormValues): MemberAttributeDefinition => ({
  key: (v.key ?? '').trim(),
  label: v.label,
  type: v.type,
  ...(v.type === 'choice'
    ? {
        options: (v.options ?? '')
          .split('\n')
          .map((o) => o.trim())
          .filter(Boolean),
      }
    : {}),
  required: v.required,
});

/**
 * The custom attributes members carry (department, employee number, cost centre…): add, change the label, whether it
 * is required and a choice's options, or remove one. A key and a type are fixed once created (values already stored
 * keep their meaning); removing an attribute keeps the values set so far, hidden.
 */
export function MemberAttributesSettings({ slug, tenant }: { slug: string; tenant: TenantView }) {
  const defs = tenant.settings.memberAttributes;
  const [editing, setEditing] = React.useState<{ index: number | null } | null>(null);
  const [removing, setRemoving] = React.useState<number | null>(null);
  const save = useSaveTenant(slug);
  const [removeError, setRemoveError] = React.useState<string | null>(null);

  const remove = (index: number) => {
    setRemoveError(null);
    const next = defs.filter((_, i) => i !== index);
    save.mutate(
      { settings: { memberAttributes: next } },
      {
        onSuccess: () => {
          toast({ title: `Attribute ${defs[index].label} removed` });
          setRemoving(null);
        },
        onError: (error) => setRemoveError(`Not removed: ${error.message}`),
      },
    );
  };

  return (
    <Card aria-labelledby="member-attributes-title" role="region" data-testid="member-attributes-settings">
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="grid gap-1">
          <CardTitle id="member-attributes-title">Member attributes</CardTitle>
          <CardDescription>
            Details kept on each member, such as department or employee number: shown and edited on the member page, searchable in the
            members list, in the API and in the audit trail.
          </CardDescription>
        </div>
        <Button size="sm" onClick={() => setEditing({ index: null })} disabled={defs.length >= MAX_ATTRIBUTES}>
          <Plus aria-hidden="true" />
          Add attribute
        </Button>
      </CardHeader>
      <CardContent>
        {defs.length === 0 ? (
          <p className="text-sm text-muted-foreground">No attributes yet. Add one to keep it on every member.</p>
        ) : (
          <ul className="grid divide-y divide-border rounded-lg border border-border" aria-label="Attributes">
            {defs.map((def, index) => (
              <li key={def.key} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between" data-key={def.key}>
                <div className="grid min-w-0 gap-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{def.label}</span>
                    {def.required ? <Badge tone="warning">Required</Badge> : <Badge tone="neutral">Optional</Badge>}
                  </div>
                  <p className="text-xs break-words text-muted-foreground">
                    {MEMBER_ATTRIBUTE_TYPE_LABEL[def.type]}
                    {def.type === 'choice' && def.options?.length ? `: ${def.options.join(', ')}` : ''} · key{' '}
                    <code className="font-mono">{def.key}</code>
                  </p>
                </div>
                <div className="flex shrink-0 gap-2">
                  <Button size="sm" variant="ghost" onClick={() => setEditing({ index })}>
                    <Pencil aria-hidden="true" />
                    Edit<span className="sr-only"> {def.label}</span>
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => {
                      setRemoveError(null);
                      setRemoving(index);
                    }}
                  >
                    <Trash2 aria-hidden="true" />
                    Remove<span className="sr-only"> {def.label}</span>
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </CardContent>

      <Dialog open={editing !== null} onOpenChange={(open) => (open ? null : setEditing(null))}>
        <DialogContent className="max-w-lg">
          {editing ? (
            <DefinitionForm key={editing.index ?? 'new'} slug={slug} defs={defs} index={editing.index} onDone={() => setEditing(null)} />
          ) : null}
        </DialogContent>
      </Dialog>

      <Dialog open={removing !== null} onOpenChange={(open) => (open ? null : setRemoving(null))}>
        <DialogContent className="max-w-md">
          {removing !== null && defs[removing] ? (
            <>
              <DialogHeader>
                <DialogTitle>Remove {defs[removing].label}?</DialogTitle>
                <DialogDescription>
                  Members stop showing it and it can no longer be set or searched. Values already set are kept but hidden: adding an
                  attribute with the same key brings them back.
                </DialogDescription>
              </DialogHeader>
              <FormError message={removeError} />
              <DialogFooter>
                <DialogClose asChild>
                  <Button type="button" disabled={save.isPending}>
                    Cancel
                  </Button>
                </DialogClose>
                <Button variant="destructive" pending={save.isPending} onClick={() => remove(removing)}>
                  Remove attribute
                </Button>
              </DialogFooter>
            </>
          ) : null}
        </DialogContent>
      </Dialog>
    </Card>
  );
}

function DefinitionForm({
  slug,
  defs,
  index,
  onDone,
}: {
  slug: string;
  defs: MemberAttributeDefinition[];
  index: number | null;
  onDone: () => void;
}) {
  const existing = index === null ? null : defs[index];
  const save = useSaveTenant(slug);
  const [serverError, setServerError] = React.useState<string | null>(null);
  const [keyTouched, setKeyTouched] = React.useState(existing !== null);
  // An existing attribute's key and kind are fixed: whatever the (disabled) controls hold, the stored ones are sent.
  const fixed = React.useCallback(
    (values: FormValues): FormValues => (existing ? { ...values, key: existing.key, type: existing.type } : values),
    [existing],
  );
  // The API's own rules for one definition, and a key no other attribute uses.
  const resolver: Resolver<FormValues> = React.useCallback(
    (values) => {
      const result = memberAttributeDefinitionSchema.safeParse(toDefinition(fixed(values)));
      const errors: Record<string, { type: string; message: string }> = {};
      if (!result.success) {
        for (const issue of result.error.issues) {
          const field = issue.path[0] === 'options' ? 'options' : String(issue.path[0] ?? 'label');
          errors[field] ??= { type: 'validate', message: issue.message };
        }
      }
      if (!existing && defs.some((d) => d.key === (values.key ?? '').trim())) {
        errors.key ??= { type: 'validate', message: 'Another attribute has this key. Choose another.' };
      }
      return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
    },
    [defs, existing, fixed],
  );
  const {
    register,
    handleSubmit,
    setValue,
    control,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormValues>({
    resolver,
    defaultValues: {
      label: existing?.label ?? '',
      key: existing?.key ?? '',
      type: existing?.type ?? 'text',
      options: existing?.options?.join('\n') ?? '',
      required: existing?.required ?? false,
    },
  });
  const type = useWatch({ control, name: 'type' });
  const labelField = register('label', {
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      if (!keyTouched) setValue('key', keyFromLabel(e.target.value));
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    const def = toDefinition(fixed(values));
    const next = existing ? defs.map((d, i) => (i === index ? def : d)) : [...defs, def];
    const at = existing ? (index as number) : next.length - 1;
    try {
      await save.mutateAsync({ settings: { memberAttributes: next } });
      toast({ title: existing ? `Attribute ${def.label} saved` : `Attribute ${def.label} added` });
      onDone();
    } catch (error) {
      // Errors about this attribute (settings.memberAttributes.<at>.<field>) go beside their field.
      const prefix = `settings.memberAttributes.${at}.`;
      let placed = false;
      if (error instanceof ApiError) {
        for (const e of error.errors) {
          if (!e.path.startsWith(prefix)) continue;
          const field = e.path.slice(prefix.length).split('.')[0] as keyof FormValues;
          if (['label', 'key', 'type', 'options', 'required'].includes(field)) {
            setError(field, { type: 'server', message: e.message }, { shouldFocus: !placed });
            placed = true;
          }
        }
      }
      if (!placed) setServerError(error instanceof Error ? `Not saved: ${error.message}` : 'We could not reach Custos. Try again.');
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{existing ? `Edit ${existing.label}` : 'Add an attribute'}</DialogTitle>
        <DialogDescription>
          {existing
            ? 'The key and the kind stay as they are, so values already set keep their meaning.'
            : 'Every member gets this field. The key is how the API and exports name it; it cannot change later.'}
        </DialogDescription>
      </DialogHeader>
      <FormError message={serverError} />
      <FormField label="Label" error={errors.label?.message} description="What people see, such as Cost centre.">
        <Input autoComplete="off" maxLength={60} {...labelField} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Key" error={errors.key?.message} description="Lowercase letters, digits and underscores.">
          <Input
            autoComplete="off"
            className="font-mono"
            disabled={Boolean(existing)}
            {...register('key', { onChange: () => setKeyTouched(true) })}
          />
        </FormField>
        <FormField label="Kind" error={errors.type?.message}>
          <select className={`${controlClasses} h-8`} disabled={Boolean(existing)} {...register('type')}>
            {MEMBER_ATTRIBUTE_TYPES.map((t) => (
              <option key={t} value={t}>
                {MEMBER_ATTRIBUTE_TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      {type === 'choice' ? (
        <FormField
          label="Options"
          error={errors.options?.message}
          description={
            existing ? 'One per line. A member whose value is taken off the list shows it as not set.' : 'One per line, such as Berlin.'
          }
        >
          <Textarea rows={4} {...register('options')} />
        </FormField>
      ) : null}
      <label className="flex items-start gap-3 text-sm">
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-[var(--color-primary)] focus-visible:outline-2 focus-visible:outline-ring"
          {...register('required')}
        />
        <span className="grid gap-0.5">
          <span className="font-medium">Required</span>
          <span className="text-xs text-muted-foreground">
            A change of a member&apos;s attributes must fill it in. Members without it are marked on their page.
          </span>
        </span>
      </label>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={isSubmitting}>
          {existing ? 'Save attribute' : 'Add attribute'}
        </Button>
      </DialogFooter>
    </form>
  );
}
