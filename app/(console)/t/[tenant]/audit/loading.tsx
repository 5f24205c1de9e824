import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the audit trail (first loads arrive with their data). */
export default function AuditLoading() {
  return <ListPageSkeleton label="Loading the audit trail" columns={5} />;
}
