import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the invitations (first loads arrive with their data). */
export default function InvitationsLoading() {
  return <ListPageSkeleton label="Loading invitations" columns={5} />;
}
