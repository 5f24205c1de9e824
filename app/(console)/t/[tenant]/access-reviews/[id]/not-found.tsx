import { RecordNotFound } from '@/components/console/record-not-found';

/** An unknown access-review id, another tenant's, or a campaign the viewer neither manages nor reviews (404). */
export default function AccessReviewNotFound() {
  return (
    <RecordNotFound
      heading="Access review not found"
      what="access review"
      back="access-reviews"
      backLabel="Back to access reviews"
      hint="This tenant has no access review with this address that you manage or review: the link may be from another tenant. Find it in the list."
    />
  );
}
