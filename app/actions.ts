'use server';

import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';
import { actionError, actionMeta, type ActionResult } from '@/lib/http/action-result';
import { createTenant } from '@/lib/tenancy/create-tenant';
import type { CreateTenantInput } from '@/lib/tenancy/schemas';

/** Home page: create a tenant and go straight into it. */
export async function createTenantAction(values: CreateTenantInput): Promise<ActionResult> {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  const meta = await actionMeta();
  let slug: string;
  try {
    slug = (await createTenant(user, values, meta)).slug;
  } catch (error) {
    return actionError(error, meta.requestId);
  }
  redirect(`/t/${slug}`);
}
