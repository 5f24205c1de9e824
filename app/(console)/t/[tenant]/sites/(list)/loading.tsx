import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the sites (first loads arrive with their data). */
export default function SitesLoading() {
  return <ListPageSkeleton label="Loading sites" columns={4} />;
}
