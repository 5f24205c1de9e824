'use client';

import * as React from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { submitSettings, useSaveTenant } from './settings-save';

/**
 * One settings section's saving: its field errors (keyed by dotted path, `form` for the rest), the save, and `submit`
 * that checks a body and saves it. `what` names the settings in the toast and the failure ("Password rules saved").
 */
export function useSettingsSection(slug: string, what: string) {
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const save = useSaveTenant(slug);
  const submit = (body: unknown) => submitSettings(save, body, what, setErrors);
  return { errors, save, submit };
}

/**
 * A settings section: a card holding one form, named by its title, with the form's own error first and one save
 * button (disabled until something changed).
 */
export function SettingsSection({
  titleId,
  title,
  description,
  formError,
  saveLabel,
  saving,
  dirty,
  onSubmit,
  children,
}: {
  titleId: string;
  title: string;
  description: React.ReactNode;
  formError: string | undefined;
  saveLabel: string;
  saving: boolean;
  dirty: boolean;
  onSubmit: () => void;
  children: React.ReactNode;
}) {
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Card>
      <form onSubmit={submit} noValidate aria-labelledby={titleId}>
        <CardHeader className="flex-col gap-1">
          <CardTitle id={titleId}>{title}</CardTitle>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent className="grid max-w-md gap-4">
          <FormError message={formError} />
          {children}
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" variant="primary" pending={saving} disabled={!dirty}>
            {saveLabel}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

/** A checkbox that turns a setting on, with its name in bold and a line saying what it does. */
export function SettingSwitch({
  name,
  label,
  hint,
  checked,
  onChange,
}: {
  name: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="flex items-start gap-3 text-sm">
      <input
        type="checkbox"
        name={name}
        className="mt-0.5 size-4 accent-[var(--color-primary)] focus-visible:outline-2 focus-visible:outline-ring"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="grid gap-0.5">
        <span className="font-medium">{label}</span>
        <span className="text-xs text-muted-foreground">{hint}</span>
      </span>
    </label>
  );
}

/** A whole number typed within `bounds`, labelled, with its description and its error. */
export function NumberSetting({
  name,
  label,
  description,
  error,
  bounds,
  value,
  onChange,
}: {
  name: string;
  label: string;
  description: string;
  error: string | undefined;
  bounds: { min: number; max: number };
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <FormField label={label} description={description} error={error}>
      <Input
        name={name}
        type="number"
        inputMode="numeric"
        min={bounds.min}
        max={bounds.max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </FormField>
  );
}
