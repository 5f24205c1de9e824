'use client';

import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Pencil, TriangleAlert } from 'lucide-react';
import { useNumberFormat, useViewerClock } from '@/components/providers/viewer-clock';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { humanizeField } from '@/lib/plain-words';
import {
  attributesFormSchema,
  attributesFormValues,
  attributesPatchFromForm,
  missingRequired,
  type AttributeValue,
} from '@/lib/tenancy/member-attributes-policy';
import type { MemberAttributeDefinition } from '@/lib/tenancy/schemas';
import { ApiError, api, type Member } from './api';
import { useInvalidateMember } from './member-edit-support';

const TYPE_HINT: Record<MemberAttributeDefinition['type'], string> = {
  text: 'Text',
  number: 'A number',
  date: 'A date',
  choice: 'One of a list',
};

/**
 * The member's custom attributes (defined in the tenant's settings): each as "label: value" ("Not set" when empty),
 * required ones still missing called out, and an Edit dialog for those who may change the member. Without the
 * definitions (no permission to read the tenant's settings) the values show under their keys.
 */
export function MemberAttributesCard({
  tenant,
  member,
  definitions,
  editable,
}: {
  tenant: string;
  member: Member;
  definitions: MemberAttributeDefinition[] | null;
  editable: boolean;
}) {
  const [open, setOpen] = React.useState(false);
  const defs: MemberAttributeDefinition[] =
    definitions ?? Object.keys(member.attributes).map((key) => ({ key, label: humanizeField(key), type: 'text', required: false }));
  if (defs.length === 0) return null;
  const missing = definitions ? missingRequired(definitions, member.attributes) : [];
  return (
    <Card aria-labelledby="member-attributes-title" role="region" data-testid="member-attributes">
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="grid gap-1">
          <CardTitle id="member-attributes-title">Attributes</CardTitle>
          <CardDescription>Details this tenant keeps on its members. Changes are kept in the audit trail.</CardDescription>
        </div>
        {editable && definitions ? (
          <Button size="sm" onClick={() => setOpen(true)}>
            <Pencil aria-hidden="true" />
            Edit
            <span className="sr-only"> attributes</span>
          </Button>
        ) : null}
      </CardHeader>
      <CardContent className="grid gap-3">
        {missing.length ? (
          <p className="flex items-start gap-1.5 text-[13px] font-medium text-warning" data-testid="attributes-missing">
            <TriangleAlert aria-hidden="true" className="mt-0.5 size-3.5 shrink-0" />
            <span>
              Required but not set: {missing.map((d) => d.label).join(', ')}.{editable ? ' Use Edit to fill them in.' : ''}
            </span>
          </p>
        ) : null}
        <dl className="grid gap-x-6 gap-y-2 text-[13px] sm:grid-cols-2">
          {defs.map((def) => (
            <div key={def.key} className="grid min-w-0 gap-0.5">
              <dt className="text-xs text-muted-foreground">
                {def.label}
                {def.required ? <span className="sr-only"> (required)</span> : null}
              </dt>
              <dd className="min-w-0 break-words" data-attribute={def.key}>
                <AttributeValueText def={def} value={member.attributes[def.key]} />
              </dd>
            </div>
          ))}
        </dl>
      </CardContent>
      {editable && definitions ? (
        <Dialog open={open} onOpenChange={setOpen}>
          <DialogContent className="max-w-lg">
            {open ? <AttributesForm tenant={tenant} member={member} definitions={definitions} onDone={() => setOpen(false)} /> : null}
          </DialogContent>
        </Dialog>
      ) : null}
    </Card>
  );
}

/** A value in words: a number in the viewer's format, a date as a calendar date, "Not set" when empty. */
function AttributeValueText({ def, value }: { def: MemberAttributeDefinition; value: AttributeValue | undefined }) {
  const numbers = useNumberFormat({ maximumFractionDigits: 6 });
  const { locale } = useViewerClock();
  if (value === undefined || value === '') return <span className="text-muted-foreground">Not set</span>;
  if (def.type === 'number' && typeof value === 'number') return <span className="tabular-nums">{numbers.format(value)}</span>;
  if (def.type === 'date' && typeof value === 'string') {
    const [y, m, d] = value.split('-').map(Number);
    const text = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
    return <time dateTime={value}>{text}</time>;
  }
  if (def.type === 'choice') return <Badge tone="neutral">{String(value)}</Badge>;
  return <span>{String(value)}</span>;
}

function AttributesForm({
  tenant,
  member,
  definitions,
  onDone,
}: {
  tenant: string;
  member: Member;
  definitions: MemberAttributeDefinition[];
  onDone: () => void;
}) {
  const invalidate = useInvalidateMember(tenant, member.id);
  const [serverError, setServerError] = React.useState<string | null>(null);
  const schema = React.useMemo(() => attributesFormSchema(definitions), [definitions]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Record<string, string>>({
    resolver: zodResolver(schema),
    defaultValues: attributesFormValues(definitions, member.attributes),
  });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    const attributes = attributesPatchFromForm(definitions, member.attributes, values);
    if (Object.keys(attributes).length === 0) {
      onDone();
      return;
    }
    try {
      await api<Member>(`/api/v1/tenants/${tenant}/members/${member.id}`, { method: 'PATCH', json: { attributes } });
      toast({ tone: 'success', title: 'Attributes saved', description: member.user.name });
      invalidate();
      onDone();
    } catch (error) {
      let placed = false;
      if (error instanceof ApiError) {
        for (const e of error.errors) {
          const key = e.path.startsWith('attributes.') ? e.path.slice('attributes.'.length) : null;
          if (key && definitions.some((d) => d.key === key)) {
            setError(key, { type: 'server', message: e.message }, { shouldFocus: !placed });
            placed = true;
          }
        }
      }
      if (!placed) setServerError(error instanceof Error ? error.message : 'We could not reach Custos. Try again.');
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4" aria-label="Edit attributes">
      <DialogHeader>
        <DialogTitle>Edit attributes</DialogTitle>
        <DialogDescription>{member.user.name}. Leave a field empty to clear it.</DialogDescription>
      </DialogHeader>
      <FormError message={serverError} />
      <div className="grid gap-4 sm:grid-cols-2">
        {definitions.map((def) => (
          <FormField
            key={def.key}
            label={def.label}
            optional={!def.required}
            error={errors[def.key]?.message}
            description={def.type === 'date' ? undefined : TYPE_HINT[def.type]}
          >
            {def.type === 'choice' ? (
              <select className={`${controlClasses} h-8`} {...register(def.key)}>
                <option value="">Not set</option>
                {(def.options ?? []).map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              <Input
                type={def.type === 'date' ? 'date' : 'text'}
                inputMode={def.type === 'number' ? 'decimal' : undefined}
                autoComplete="off"
                {...register(def.key)}
              />
            )}
          </FormField>
        ))}
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={isSubmitting}>
          Save attributes
        </Button>
      </DialogFooter>
    </form>
  );
}
