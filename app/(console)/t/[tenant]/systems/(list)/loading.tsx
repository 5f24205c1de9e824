import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the systems (first loads arrive with their data). */
export default function SystemsLoading() {
  return <ListPageSkeleton label="Loading systems" columns={4} />;
}
