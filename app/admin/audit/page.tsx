import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PlatformAudit } from '@/components/admin/platform-audit';
import { QueryProvider } from '@/components/providers/query-provider';

export const metadata: Metadata = { title: 'Platform trail' };

export default function AdminAuditPage() {
  return (
    <QueryProvider>
      <Suspense>
        <PlatformAudit />
      </Suspense>
    </QueryProvider>
  );
}
