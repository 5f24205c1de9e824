import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { JobsPanel } from '@/components/admin/jobs-panel';
import { getCurrentUser } from '@/lib/auth/current-user';
import { jobsOverview } from '@/lib/jobs/job-admin';

export const metadata: Metadata = { title: 'Background jobs' };
export const dynamic = 'force-dynamic';

/** The job engine's queues and jobs for platform admins (the layout turns others away): counts, lists, retry. */
export default async function AdminJobsPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in?next=/admin/jobs');
  return <JobsPanel overview={await jobsOverview(user)} />;
}
