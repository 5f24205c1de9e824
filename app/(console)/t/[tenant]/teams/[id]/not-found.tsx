import { RecordNotFound } from '@/components/console/record-not-found';

/** An unknown team id, a malformed one, or another tenant's (the page answers 404). */
export default function TeamNotFound() {
  return (
    <RecordNotFound
      heading="Team not found"
      what="team"
      back="teams"
      backLabel="Back to teams"
      hint="This tenant has no team with this id: the link may be from another tenant. Find the team in the list."
    />
  );
}
