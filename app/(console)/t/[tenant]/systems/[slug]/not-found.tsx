import { RecordNotFound } from '@/components/console/record-not-found';

/** An unknown system slug or another tenant's (the page answers 404). */
export default function SystemNotFound() {
  return (
    <RecordNotFound
      heading="System not found"
      what="system"
      back="systems"
      backLabel="Back to systems"
      hint="This tenant has no system with this slug: it may have been deleted, or the link is from another tenant. Find it in the list."
    />
  );
}
