import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TenantsTable } from '@/components/admin/tenants-table';
import { QueryProvider } from '@/components/providers/query-provider';

export const metadata: Metadata = { title: 'Tenants' };

export default function AdminTenantsPage() {
  return (
    <QueryProvider>
      <Suspense>
        <TenantsTable />
      </Suspense>
    </QueryProvider>
  );
}
