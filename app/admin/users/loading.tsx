import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the people (first loads arrive with their data). */
export default function AdminUsersLoading() {
  return <ListPageSkeleton label="Loading people" columns={5} />;
}
