import { readiness } from '@/lib/platform/health';

// Readiness: 200 when the database and kv store answer, 503 naming the failing check otherwise.
export const dynamic = 'force-dynamic';

export async function GET() {
  const result = await readiness();
  return Response.json(
    { status: result.ready ? 'ready' : 'unavailable', checks: result.checks },
    { status: result.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
