'use client';

import * as React from 'react';
import { useQuery } from '@tanstack/react-query';
import { Input, controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { cn } from '@/components/ui/cn';
import type { useListParams } from '@/components/ui/use-list-params';
import { checkAttributeValue } from '@/lib/tenancy/member-attributes-policy';
import type { MemberAttributeDefinition, TenantView } from '@/lib/tenancy/schemas';
import { api } from './api';

/** The attribute filter as the URL holds it (`?attribute=key:value`), split; key '' when none. */
export function splitAttributeFilter(raw: string): { key: string; value: string } {
  const at = raw.indexOf(':');
  return at < 0 ? { key: raw, value: '' } : { key: raw.slice(0, at), value: raw.slice(at + 1) };
}

/**
 * The members list's filter on a custom attribute: which attribute, then its value (a list for a choice, a date
 * picker for a date, text otherwise, applied as you type). Kept in the URL as `?attribute=key:value`, which the API
 * takes as is. Shows only when the tenant defines attributes and the viewer may read its settings.
 */
export function MemberAttributeFilter({
  tenant,
  enabled,
  list,
}: {
  tenant: string;
  enabled: boolean;
  list: ReturnType<typeof useListParams>;
}) {
  const settings = useQuery({
    queryKey: ['tenant', tenant],
    queryFn: () => api<TenantView>(`/api/v1/tenants/${tenant}`),
    enabled,
  });
  const defs = settings.data?.settings.memberAttributes ?? [];
  const raw = list.params.get('attribute') ?? '';
  const current = splitAttributeFilter(raw);
  const [key, setKey] = React.useState(current.key);
  const [text, setText] = React.useState(current.value);
  // What this filter last put in the URL. A URL changed by anything else (Clear filters, the back button) is followed
  // (adjusted while rendering, not in an effect); our own change is not, so picking another attribute keeps it picked.
  const [requested, setRequested] = React.useState(raw);
  const [seen, setSeen] = React.useState(raw);
  if (seen !== raw) {
    setSeen(raw);
    if (raw !== requested) {
      setRequested(raw);
      setKey(current.key);
      setText(current.value);
    }
  }
  const def = defs.find((d) => d.key === key);
  const { set } = list;
  const apply = React.useCallback(
    (k: string, v: string) => {
      const next = k && v.trim() ? `${k}:${v.trim()}` : '';
      setRequested(next);
      set('attribute', next);
    },
    [set],
  );
  // Typed text applies after a pause, like the search box.
  React.useEffect(() => {
    if (!def || def.type === 'choice' || def.type === 'date') return;
    if (key === current.key && text.trim() === current.value) return;
    // Half-typed numbers wait (the API would refuse them).
    if (def.type === 'number' && text.trim() && !checkAttributeValue(def, text).ok) return;
    const timer = setTimeout(() => apply(key, text), 300);
    return () => clearTimeout(timer);
  }, [text, key, def, current.key, current.value, apply]);

  if (!enabled || defs.length === 0) return null;
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-end" data-testid="attribute-filter">
      <div className="grid gap-1.5 sm:w-44">
        <Label htmlFor="members-attribute">Attribute</Label>
        <select
          id="members-attribute"
          className={cn(controlClasses, 'h-8')}
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            setText('');
            if (raw) apply('', '');
          }}
        >
          <option value="">Any attribute</option>
          {defs.map((d) => (
            <option key={d.key} value={d.key}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      {def ? <ValueControl def={def} value={text} onChange={setText} onApply={(v) => apply(key, v)} /> : null}
    </div>
  );
}

function ValueControl({
  def,
  value,
  onChange,
  onApply,
}: {
  def: MemberAttributeDefinition;
  value: string;
  onChange: (value: string) => void;
  onApply: (value: string) => void;
}) {
  const label = <Label htmlFor="members-attribute-value">{def.label}</Label>;
  if (def.type === 'choice') {
    return (
      <div className="grid gap-1.5 sm:w-44">
        {label}
        <select
          id="members-attribute-value"
          className={cn(controlClasses, 'h-8')}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            onApply(e.target.value);
          }}
        >
          <option value="">Any</option>
          {(def.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
          {value && !(def.options ?? []).includes(value) ? <option value={value}>{value}</option> : null}
        </select>
      </div>
    );
  }
  return (
    <div className="grid gap-1.5 sm:w-44">
      {label}
      <Input
        id="members-attribute-value"
        type={def.type === 'date' ? 'date' : 'search'}
        inputMode={def.type === 'number' ? 'decimal' : undefined}
        placeholder={def.type === 'text' ? 'Contains…' : def.type === 'number' ? 'Equals…' : undefined}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          if (def.type === 'date') onApply(e.target.value);
        }}
      />
    </div>
  );
}
