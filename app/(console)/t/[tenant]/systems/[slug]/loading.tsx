import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads a system (first loads arrive with their data). */
export default function SystemLoading() {
  return <ListPageSkeleton label="Loading the system" columns={4} />;
}
