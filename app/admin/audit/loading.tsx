import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the platform audit trail (first loads arrive with their data). */
export default function AdminAuditLoading() {
  return <ListPageSkeleton label="Loading the platform audit trail" columns={5} />;
}
