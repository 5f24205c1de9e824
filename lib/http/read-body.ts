import { DomainError, validationFailed } from '@/lib/errors';

export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () => new DomainError('payload_too_large', 413, 'The request body is larger than 1 MiB.');

/**
 * Read a JSON body, refusing more than 1 MiB whether or not Content-Length tells the truth,
 * and answering 400 for malformed JSON, 415 for another content type. An empty body is `undefined`.
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const body = await readLimitedBody(request, limit, tooLarge);
  if (body.length === 0) return undefined;

  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new DomainError('unsupported_media_type', 415, 'Send the body as application/json.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw validationFailed([{ path: '(body)', message: 'The body is not valid UTF-8.' }], 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw validationFailed([{ path: '(body)', message: 'The body is not valid JSON.' }], 'The request body is not valid JSON.');
  }
}

/**
 * The raw body, refusing more than `limit` bytes whether or not Content-Length tells the truth (`tooLarge` is
 * thrown, reading no further than the limit). No body is an empty buffer.
 */
export async function readLimitedBody(request: Request, limit: number, tooLarge: () => DomainError): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
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
  return Buffer.concat(chunks);
}

/** Room for the multipart envelope (boundaries, part headers) around a file of the maximum size. */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * A file upload: the raw body (any Content-Type), or the field `file` of a multipart/form-data body (with its
 * file name). Over `maxBytes` → `tooLarge()`; a broken form or no `file` field → 400. `what` names the file in
 * messages ("Attach the image as the field …").
 */
export async function readFileUpload(
  request: Request,
  options: { maxBytes: number; tooLarge: () => DomainError; what: string },
): Promise<{ bytes: Buffer; fileName: string | null }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) return { bytes: await readLimitedBody(request, options.maxBytes, options.tooLarge), fileName: null };
  const raw = await readLimitedBody(request, options.maxBytes + MULTIPART_OVERHEAD, options.tooLarge);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
  } catch {
    throw validationFailed([{ path: '(body)', message: 'The multipart body could not be read.' }], 'The multipart body could not be read.');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') {
    const message = `Attach the ${options.what} as the field "file".`;
    throw validationFailed([{ path: 'file', message }], message);
  }
  if (file.size > options.maxBytes) throw options.tooLarge();
  return { bytes: Buffer.from(await file.arrayBuffer()), fileName: file.name || null };
}
