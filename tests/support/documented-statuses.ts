import { GET as openApiGet } from '@/app/api/openapi.json/route';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
let doc: Promise<Doc> | null = null;

/**
 * The sweeps' check that the API document tells the truth: a response status an operation of /api/openapi.json
 * does not list is a finding ("METHOD path: 409 is not listed"), null when listed.
 */
export async function unlistedStatus(key: string, status: number): Promise<string | null> {
  doc ??= openApiGet().json() as Promise<Doc>;
  const [method, path] = key.split(' ');
  const operation = (await doc).paths[path]?.[method.toLowerCase()];
  if (!operation) return `${key} is not in the document`;
  return String(status) in operation.responses
    ? null
    : `${key}: ${status} is not listed (lists ${Object.keys(operation.responses).join(', ')})`;
}
