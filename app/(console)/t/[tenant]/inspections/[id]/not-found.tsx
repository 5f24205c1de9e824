import { RecordNotFound } from '@/components/console/record-not-found';

/** An unknown inspection id, a malformed one or another tenant's inspection (the page answers 404). */
export default function InspectionNotFound() {
  return (
    <RecordNotFound
      heading="Inspection not found"
      what="inspection"
      back="batches"
      backLabel="Back to batches"
      hint="This tenant has no inspection with this id. Inspections are listed on their batch's Inspections tab: open the batch from the list."
    />
  );
}
