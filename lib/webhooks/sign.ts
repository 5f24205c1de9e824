import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks headers for one delivery: `webhook-id` (the event's id, the same on every retry and replay),
 * `webhook-timestamp` (seconds) and `webhook-signature` — one `v1,<base64>` per secret, space-separated, so during a
 * rotation's overlap receivers holding either the new or the previous secret can verify.
 */
export function standardWebhookHeaders(input: {
  eventId: string;
  body: string;
  at: Date;
  secrets: readonly string[];
}): Record<string, string> {
  const signature = input.secrets.map((secret) => new Webhook(secret).sign(input.eventId, input.at, input.body)).join(' ');
  return {
    'webhook-id': input.eventId,
    'webhook-timestamp': String(Math.floor(input.at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
