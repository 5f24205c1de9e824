import { RecordNotFound } from '@/components/console/record-not-found';

/** An unknown webhook endpoint id or another tenant's (the page answers 404). */
export default function WebhookEndpointNotFound() {
  return (
    <RecordNotFound
      heading="Endpoint not found"
      what="webhook endpoint"
      back="webhooks"
      backLabel="Back to webhooks"
      hint="This tenant has no webhook endpoint with this address: it may have been deleted, or the link is from another tenant. Find it in the list."
    />
  );
}
