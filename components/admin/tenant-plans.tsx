'use client';

import { useQueryClient } from '@tanstack/react-query';
import { controlClasses } from '@/components/ui/input';
import { adminTenantsKey } from './api';

/** The plans of migrations/0001 (the API checks the id; these are for the pickers). */
export const PLANS = [
  { id: 'starter', name: 'Starter', seatLimit: 5 },
  { id: 'team', name: 'Team', seatLimit: 25 },
  { id: 'enterprise', name: 'Enterprise', seatLimit: null },
] as const;

export const planTone = (id: string) => (id === 'enterprise' ? 'accent' : id === 'team' ? 'info' : 'neutral');

/** Refetches the tenants list after a change. */
export function useRefreshTenants() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: adminTenantsKey });
}

export function PlanSelect({ value, onChange, id, name }: { value: string; onChange: (v: string) => void; id?: string; name: string }) {
  return (
    <select id={id} name={name} value={value} onChange={(e) => onChange(e.target.value)} className={controlClasses}>
      {PLANS.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name} — {p.seatLimit === null ? 'unlimited seats' : `${p.seatLimit} seats`}
        </option>
      ))}
    </select>
  );
}
