import { RecordNotFound } from '@/components/console/record-not-found';

/** A serial this batch does not have, or a malformed one (the page answers 404). */
export default function SerialNotFound() {
  return (
    <RecordNotFound
      heading="Serial not found"
      what="serial"
      back="batches/:id?tab=serials"
      backLabel="Back to the batch's serials"
      hint="This batch has no serial like this. Serials are 12 characters of 0–9 and A–Z without I, L, O and U; pick one from the batch's serials."
    />
  );
}
