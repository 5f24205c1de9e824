// Placeholder until the owner of this file writes it (issue 20); the engine does not work this queue yet.
export async function runMailDeliveryJob(_data: Record<string, unknown>): Promise<unknown> {
  void _data;
  throw new Error('runMailDeliveryJob is not written yet');
}
