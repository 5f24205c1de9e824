'use client';

import * as React from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { useQuery } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { FormError } from '@/components/ui/form-error';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FieldError, FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { api, paths, type InspectionView, type SampleSize } from './api';
import { blankToNull, bodyResolver, numberOf, placeServerErrors, preloadQualitySchemas } from './form';
import { INSPECTION_TYPE_LABEL } from './status';

type Row = { name: string; unit: string; lsl: string; usl: string; value: string };
type InspectionFormValues = {
  type: 'incoming' | 'in_process' | 'release';
  lotSize: string;
  sampleSize: string;
  characteristics: Row[];
  defects: { critical: string; major: string; minor: string };
};

const optionalNumber = (text: string) => (text.trim() === '' ? null : numberOf(text));
const bodyOf = (retestOf: string | undefined) => (v: InspectionFormValues) => ({
  type: v.type,
  lotSize: numberOf(v.lotSize),
  sampleSize: numberOf(v.sampleSize),
  characteristics: v.characteristics.map((c) => ({
    name: c.name,
    unit: blankToNull(c.unit),
    lsl: optionalNumber(c.lsl),
    usl: optionalNumber(c.usl),
    value: numberOf(c.value),
  })),
  defects: { critical: numberOf(v.defects.critical) ?? 0, major: numberOf(v.defects.major) ?? 0, minor: numberOf(v.defects.minor) ?? 0 },
  retestOf,
});

const blankRow: Row = { name: '', unit: '', lsl: '', usl: '', value: '' };
const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export type RecordInspectionDialogProps = {
  tenant: string;
  batchId: string;
  /** The batch's planned quantity: the lot size offered first. */
  lotSize?: number;
  /** Record a retest of this inspection (its type, sample and characteristics prefilled; the original stays). */
  retestOf?: InspectionView | null;
  /** The type selected when the dialog opens for a new inspection (release unless told). */
  initialType?: InspectionFormValues['type'];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onRecorded: (inspection: InspectionView) => void;
};

/** Record a QA inspection of a batch: type, lot and sample size (ISO 2859-1 suggestion), characteristics, defects. */
export function RecordInspectionDialog({ open, onOpenChange, ...props }: RecordInspectionDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-3xl">{open ? <InspectionForm {...props} /> : null}</DialogContent>
    </Dialog>
  );
}

function InspectionForm({
  tenant,
  batchId,
  lotSize,
  retestOf,
  initialType = 'release',
  onRecorded,
}: Omit<RecordInspectionDialogProps, 'open' | 'onOpenChange'>) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  React.useEffect(preloadQualitySchemas, []);
  const toBody = React.useMemo(() => bodyOf(retestOf?.id), [retestOf?.id]);
  const resolver = React.useMemo(() => bodyResolver<InspectionFormValues>((m) => m.recordInspectionSchema, toBody), [toBody]);
  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<InspectionFormValues>({
    resolver,
    defaultValues: retestOf
      ? {
          type: retestOf.type,
          lotSize: text(retestOf.lotSize),
          sampleSize: String(retestOf.sampleSize),
          characteristics: retestOf.characteristics.map((c) => ({
            name: c.name,
            unit: c.unit ?? '',
            lsl: text(c.lsl),
            usl: text(c.usl),
            value: '',
          })),
          defects: { critical: '0', major: '0', minor: '0' },
        }
      : {
          type: initialType,
          lotSize: lotSize ? String(lotSize) : '',
          sampleSize: '',
          characteristics: [{ ...blankRow }],
          defects: { critical: '0', major: '0', minor: '0' },
        },
  });
  const rows = useFieldArray({ control, name: 'characteristics' });

  // The ISO 2859-1 (level II) sample size for the lot, from the server's reviewed table.
  const lotText = useWatch({ control, name: 'lotSize' });
  const [lot, setLot] = React.useState<number | null>(null);
  React.useEffect(() => {
    const n = Number(lotText);
    const timer = setTimeout(() => setLot(Number.isInteger(n) && n >= 2 ? n : null), 250);
    return () => clearTimeout(timer);
  }, [lotText]);
  const suggestion = useQuery({
    queryKey: ['sample-size', lot],
    queryFn: () => api<SampleSize>(paths.sampleSize(tenant, lot as number)),
    enabled: lot !== null,
    staleTime: Infinity,
  });
  const sampleText = useWatch({ control, name: 'sampleSize' });
  const suggested = lot !== null ? suggestion.data?.sampleSize : undefined;
  React.useEffect(() => {
    if (suggested !== undefined && sampleText === '') setValue('sampleSize', String(suggested));
  }, [suggested, sampleText, setValue]);

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const inspection = await api<InspectionView>(paths.batchInspections(tenant, batchId), { method: 'POST', json: toBody(values) });
      toast({
        tone: 'success',
        title: `${INSPECTION_TYPE_LABEL[inspection.type]} inspection recorded: ${inspection.result === 'pass' ? 'pass' : 'fail'}`,
        description: 'It now awaits review by someone else from QA.',
      });
      onRecorded(inspection);
    } catch (error) {
      setServerError(placeServerErrors(error, setError, (path) => path || null));
    }
  });

  const rootError = errors.characteristics?.root?.message ?? errors.characteristics?.message;

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{retestOf ? 'Record a retest' : 'Record inspection'}</DialogTitle>
        <DialogDescription>
          {retestOf
            ? 'A retest is a new inspection linked to the original; the original result is kept as it was.'
            : 'Enter what you measured. Custos computes the result: any value outside its limits, or any critical defect, fails.'}
        </DialogDescription>
      </DialogHeader>
      <FormError message={serverError} />
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField
          label="Type"
          error={errors.type?.message}
          description={retestOf ? 'The same as the original.' : 'Release inspections gate release.'}
        >
          <select className={`${controlClasses} h-8`} disabled={Boolean(retestOf)} {...register('type')}>
            {Object.entries(INSPECTION_TYPE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="Lot size" optional error={errors.lotSize?.message} description="Units in the lot inspected.">
          <Input inputMode="numeric" autoComplete="off" {...register('lotSize')} />
        </FormField>
        <FormField
          label="Sample size"
          error={errors.sampleSize?.message}
          description={
            suggested !== undefined ? (
              <span className="inline-flex items-center gap-1" data-testid="sample-size-suggestion">
                ISO 2859-1 level II: {suggested} (code {suggestion.data?.codeLetter})
                {sampleText !== String(suggested) ? (
                  <button
                    type="button"
                    className="rounded-sm text-link underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                    onClick={() => setValue('sampleSize', String(suggested), { shouldValidate: true })}
                  >
                    use it
                  </button>
                ) : null}
              </span>
            ) : suggestion.isFetching ? (
              'Looking up the ISO 2859-1 sample size…'
            ) : (
              'Give the lot size for the ISO 2859-1 suggestion.'
            )
          }
        >
          <Input inputMode="numeric" autoComplete="off" {...register('sampleSize')} />
        </FormField>
      </div>

      <fieldset className="grid gap-2">
        <legend className="mb-1 text-[13px] font-medium">Characteristics</legend>
        {rows.fields.length > 0 ? (
          <div className="grid gap-2">
            <div
              aria-hidden="true"
              className="hidden grid-cols-[1fr_5rem_5.5rem_5.5rem_6rem_2rem] gap-2 text-xs text-muted-foreground sm:grid"
            >
              <span>Name</span>
              <span>Unit</span>
              <span>Lower limit</span>
              <span>Upper limit</span>
              <span>Value</span>
              <span />
            </div>
            {rows.fields.map((field, i) => {
              const e = errors.characteristics?.[i];
              const n = i + 1;
              return (
                <div key={field.id} className="grid gap-1" data-testid="characteristic-row">
                  <div className="grid grid-cols-2 gap-2 sm:grid-cols-[1fr_5rem_5.5rem_5.5rem_6rem_2rem]">
                    <Input
                      aria-label={`Characteristic ${n} name`}
                      placeholder="Assay"
                      aria-invalid={e?.name ? true : undefined}
                      className="col-span-2 sm:col-span-1"
                      {...register(`characteristics.${i}.name`)}
                    />
                    <Input aria-label={`Characteristic ${n} unit`} placeholder="%" {...register(`characteristics.${i}.unit`)} />
                    <Input
                      aria-label={`Characteristic ${n} lower limit`}
                      inputMode="decimal"
                      aria-invalid={e?.lsl ? true : undefined}
                      {...register(`characteristics.${i}.lsl`)}
                    />
                    <Input
                      aria-label={`Characteristic ${n} upper limit`}
                      inputMode="decimal"
                      aria-invalid={e?.usl ? true : undefined}
                      {...register(`characteristics.${i}.usl`)}
                    />
                    <Input
                      aria-label={`Characteristic ${n} value`}
                      inputMode="decimal"
                      aria-invalid={e?.value ? true : undefined}
                      {...register(`characteristics.${i}.value`)}
                    />
                    <Button
                      type="button"
                      size="icon"
                      variant="ghost"
                      aria-label={`Remove characteristic ${n}`}
                      onClick={() => rows.remove(i)}
                    >
                      <Trash2 aria-hidden="true" />
                    </Button>
                  </div>
                  {e ? (
                    <FieldError>
                      {[e.name, e.unit, e.lsl, e.usl, e.value]
                        .map((x) => x?.message)
                        .filter(Boolean)
                        .join(' ')}
                    </FieldError>
                  ) : null}
                </div>
              );
            })}
          </div>
        ) : (
          <p className="text-[13px] text-muted-foreground">No characteristics: the defect counts alone decide the result.</p>
        )}
        {rootError ? <FieldError>{rootError}</FieldError> : null}
        <div>
          <Button type="button" size="sm" onClick={() => rows.append({ ...blankRow })}>
            <Plus aria-hidden="true" />
            Add characteristic
          </Button>
        </div>
      </fieldset>

      <fieldset className="grid gap-2">
        <legend className="mb-1 text-[13px] font-medium">Defects found in the sample</legend>
        <div className="grid grid-cols-3 gap-3 sm:w-96">
          <FormField label="Critical" error={errors.defects?.critical?.message}>
            <Input inputMode="numeric" {...register('defects.critical')} />
          </FormField>
          <FormField label="Major" error={errors.defects?.major?.message}>
            <Input inputMode="numeric" {...register('defects.major')} />
          </FormField>
          <FormField label="Minor" error={errors.defects?.minor?.message}>
            <Input inputMode="numeric" {...register('defects.minor')} />
          </FormField>
        </div>
      </fieldset>

      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={isSubmitting}>
          {retestOf ? 'Record retest' : 'Record inspection'}
        </Button>
      </DialogFooter>
    </form>
  );
}
