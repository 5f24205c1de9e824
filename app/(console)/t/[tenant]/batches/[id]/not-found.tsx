import { RecordNotFound } from '@/components/console/record-not-found';

/** An unknown batch id, a malformed one or another tenant's batch (the page answers 404). */
export default function BatchNotFound() {
  return (
    <RecordNotFound
      heading="Batch not found"
      what="batch"
      back="batches"
      backLabel="Back to batches"
      hint="This tenant has no batch with this id: it may be mistyped or belong to another tenant. Find the batch by its number in the list."
    />
  );
}
