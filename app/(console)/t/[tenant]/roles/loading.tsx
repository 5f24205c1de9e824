import { MatrixPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the roles matrix (first loads arrive with their data). */
export default function RolesLoading() {
  return <MatrixPageSkeleton label="Loading roles" />;
}
