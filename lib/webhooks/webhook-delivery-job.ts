// Placeholder until the owner of this file writes it (issue 20); the engine does not work this queue yet.
export async function runWebhookDeliveryJob(_data: Record<string, unknown>): Promise<unknown> {
  void _data;
  throw new Error('runWebhookDeliveryJob is not written yet');
}
