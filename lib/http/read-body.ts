import { DomainError, validationFailed } from '@/lib/errors';

export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () => new DomainError('payload_too_large', 413, 'The request body is larger than 1 MiB.');

/**
 * Read a JSON body, refusing more than 1 MiB whether or not Content-Length tells the truth,
 * and answering 400 for malformed JSON, 415 for another content type. An empty body is `undefined`.
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge();
  if (!request.body) return undefined;

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (size === 0) return undefined;

  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new DomainError('unsupported_media_type', 415, 'Send the body as application/json.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw validationFailed([{ path: '(body)', message: 'The body is not valid UTF-8.' }], 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw validationFailed([{ path: '(body)', message: 'The body is not valid JSON.' }], 'The request body is not valid JSON.');
  }
}
