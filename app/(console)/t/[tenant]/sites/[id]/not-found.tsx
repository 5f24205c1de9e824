import { RecordNotFound } from '@/components/console/record-not-found';

/** An unknown site id, a malformed one, or another tenant's (the page answers 404). */
export default function SiteNotFound() {
  return (
    <RecordNotFound
      heading="Site not found"
      what="site"
      back="sites"
      backLabel="Back to sites"
      hint="This tenant has no site with this id: the link may be from another tenant. Find the site in the list."
    />
  );
}
