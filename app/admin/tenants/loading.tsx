import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the tenants (first loads arrive with their data). */
export default function AdminTenantsLoading() {
  return <ListPageSkeleton label="Loading tenants" columns={5} />;
}
