'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { CopyValue } from '@/components/systems/system-clients-secret';
import { useDateTimeFormat } from '@/components/providers/viewer-clock';
import type { WebhookEndpointWithSecret } from './api';

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/**
 * The one time an endpoint's signing secret is shown: after it is added or its secret rotated. Closing the dialog
 * forgets it; the API never answers it again.
 */
export function EndpointSecretDialog({
  endpoint,
  rotated,
  onClose,
}: {
  endpoint: WebhookEndpointWithSecret;
  rotated: boolean;
  onClose: () => void;
}) {
  const format = useDateTimeFormat(DATE_TIME);
  const until = endpoint.previousSecretExpiresAt ? format.format(new Date(endpoint.previousSecretExpiresAt)) : null;
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>{rotated ? 'New signing secret' : 'The endpoint is ready'}</DialogTitle>
          <DialogDescription>
            {endpoint.format === 'standard'
              ? 'The receiver checks each delivery’s webhook-signature header with this secret (any Standard Webhooks library does).'
              : 'Slack and Teams do not check signatures; keep the secret in case you switch the endpoint to Standard Webhooks.'}
          </DialogDescription>
        </DialogHeader>
        <Alert tone="warning" title="Copy the secret now: it is shown only this once.">
          Custos keeps it sealed and never shows it again. If it is lost, rotate it to get a new one.
          {rotated && until ? ` The previous secret keeps working until ${until}, so the receiver can switch over.` : ''}
        </Alert>
        <CopyValue label="Signing secret" value={endpoint.secret} testId="webhook-secret" />
        <DialogFooter>
          <Button variant="primary" onClick={onClose}>
            I have copied it
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
