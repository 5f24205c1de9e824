// Next.js calls register() once when a server process starts (dev, `next start`, standalone).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startup } = await import('./lib/platform/startup');
  await startup();
}
