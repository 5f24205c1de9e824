'use server';

import { revalidatePath } from 'next/cache';
import { getCurrentUser } from '@/lib/auth/current-user';
import { runAction, type ActionResult } from '@/lib/http/action-result';
import { retryFailedJob } from '@/lib/jobs/job-admin';

/** Retry a failed background job (platform admins; lib/jobs/job-admin.ts checks, validates and audits). */
export async function retryJobAction(input: { queue: string; id: string }): Promise<ActionResult> {
  return runAction(async (meta) => retryFailedJob(await getCurrentUser(), meta, { queue: input?.queue, id: input?.id }), {
    afterSuccess: () => revalidatePath('/admin/jobs'),
  });
}
