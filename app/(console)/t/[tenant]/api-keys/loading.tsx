import { ListPageSkeleton } from '@/components/console/page-skeletons';

/** Shown while a client navigation loads the API keys (first loads arrive with their data). */
export default function ApiKeysLoading() {
  return <ListPageSkeleton label="Loading API keys" columns={5} />;
}
