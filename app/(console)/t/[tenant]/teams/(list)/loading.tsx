import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the teams (first loads arrive with their data). */
export default function TeamsLoading() {
  return <ListPageSkeleton label="Loading teams" columns={3} />;
}
