import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Swagger UI's two files, read from the swagger-ui-dist package (traced into the standalone build).
const ASSETS: Record<string, string> = {
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

export async function GET(_request: Request, { params }: { params: Promise<{ asset: string }> }) {
  const { asset } = await params;
  const type = ASSETS[asset];
  if (!type) return new Response('Not found', { status: 404 });
  const file = path.join(/* turbopackIgnore: true */ process.cwd(), 'node_modules', 'swagger-ui-dist', asset);
  const body = await readFile(file);
  return new Response(body, { headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' } });
}

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
