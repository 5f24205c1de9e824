import { RecordNotFound } from '@/components/console/record-not-found';

/** An unknown member id, a malformed one, a removed member or another tenant's (the page answers 404). */
export default function MemberNotFound() {
  return (
    <RecordNotFound
      heading="Member not found"
      what="member"
      back="members"
      backLabel="Back to members"
      hint="This tenant has no member with this id: they may have been removed, or the link is from another tenant. Search for them by name in the list."
    />
  );
}
