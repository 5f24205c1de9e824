'use client';

import * as React from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import type { AdminTenant } from '@/lib/platform-admin/schemas';
import { api } from './api';
import { useRefreshTenants } from './tenant-plans';

/** Wipe out a tenant and all its rows, once its slug is typed. */
export function WipeOutDialog({ pending, onClose }: { pending: AdminTenant | null; onClose: () => void }) {
  const [typed, setTyped] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  // Each opening starts empty (adjusted while rendering, not in an effect).
  const [shownTenant, setShownTenant] = React.useState(pending);
  if (shownTenant !== pending) {
    setShownTenant(pending);
    setTyped('');
    setError(null);
  }
  const refresh = useRefreshTenants();
  const wipe = useMutation({
    mutationFn: (slug: string) =>
      api<{ slug: string; name: string; deleted: Record<string, number> }>(
        `/api/v1/admin/tenants/${slug}?confirm=${encodeURIComponent(typed)}`,
        { method: 'DELETE' },
      ),
    onSuccess: (result) => {
      const rows = Object.values(result.deleted).reduce((a, b) => a + b, 0);
      toast({ title: `${result.name} was wiped out`, description: `${rows} rows deleted. The platform trail records it.` });
      onClose();
      refresh();
    },
    onError: (e) => setError(e.message),
  });
  const matches = pending !== null && typed === pending.slug;
  return (
    <Dialog open={pending !== null} onOpenChange={(open) => (open || wipe.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-md">
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (pending && matches) wipe.mutate(pending.slug);
          }}
        >
          <DialogHeader>
            <DialogTitle>Wipe out {pending?.name}?</DialogTitle>
            <DialogDescription>
              This deletes the tenant and every row of it — {pending?.seats.used} member{pending?.seats.used === 1 ? '' : 's'}, roles,
              teams, API keys, records and its whole audit trail — in one go. It cannot be undone. People keep their accounts.
            </DialogDescription>
          </DialogHeader>
          <FormField
            label={
              <>
                Type <span className="font-mono">{pending?.slug}</span> to confirm
              </>
            }
            error={error ?? undefined}
          >
            <Input
              name="confirm"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
            />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={wipe.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="destructive" pending={wipe.isPending} disabled={!matches}>
              Wipe out tenant
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
