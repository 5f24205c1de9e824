import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the access reviews (first loads arrive with their data). */
export default function AccessReviewsLoading() {
  return <ListPageSkeleton label="Loading access reviews" columns={5} rows={4} />;
}
