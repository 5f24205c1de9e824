'use client';

import { Copy } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { toast } from '@/components/ui/toast';
import type { OidcClientWithSecret } from './system-page-api';

/** Put a value on the clipboard and say so (or say to copy it by hand). */
export function copyToClipboard(value: string, what: string) {
  void navigator.clipboard
    ?.writeText(value)
    .then(() => toast({ title: 'Copied', description: what }))
    .catch(() => toast({ tone: 'error', title: 'Could not copy', description: 'Select the text and copy it yourself.' }));
}

/** A value to copy: monospace, wrapping on a phone, with its copy button. */
export function CopyValue({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="grid gap-1">
      <span className="text-xs text-muted-foreground">{label}</span>
      <div className="flex min-w-0 items-center gap-2">
        <code className="min-w-0 flex-1 rounded bg-muted px-2 py-1 font-mono text-xs break-all" data-testid={testId}>
          {value}
        </code>
        <Button size="icon" variant="ghost" onClick={() => copyToClipboard(value, label)} aria-label={`Copy ${label.toLowerCase()}`}>
          <Copy aria-hidden="true" />
        </Button>
      </div>
    </div>
  );
}

/**
 * The one time a client's secret is shown: after it is created or rotated. Closing the dialog forgets it; the API
 * never answers it again.
 */
export function ClientSecretDialog({
  client,
  rotated,
  onClose,
}: {
  client: OidcClientWithSecret & { clientSecret: string };
  rotated: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>{rotated ? `New secret for ${client.name}` : `${client.name} is ready`}</DialogTitle>
          <DialogDescription>Put the client id and secret into the system&apos;s configuration.</DialogDescription>
        </DialogHeader>
        <Alert tone="warning" title="Copy the secret now: it is shown only this once.">
          Custos keeps it sealed and never shows it again. If it is lost, rotate it to get a new one
          {rotated ? '; the previous secret has already stopped working.' : '.'}
        </Alert>
        <div className="grid gap-3">
          <CopyValue label="Client ID" value={client.clientId} />
          <CopyValue label="Client secret" value={client.clientSecret} testId="client-secret" />
        </div>
        <DialogFooter>
          <Button variant="primary" onClick={onClose}>
            I have copied it
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
