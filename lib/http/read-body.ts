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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationFailed([{ path: '(body)', message: 'The body is not valid JSON.' }], 'The request body is not valid JSON.');
  }
  const tooDeep = pathDeeperThan(value, MAX_JSON_DEPTH);
  if (tooDeep !== null) {
    throw validationFailed(
      [{ path: tooDeep, message: `Nested more than ${MAX_JSON_DEPTH} levels deep.` }],
      'The request body is nested too deeply.',
    );
  }
  return value;
}

/** No request of the API nests anywhere near this; deeper bodies would overflow the stack of JSON.stringify (idempotency, logs). */
const MAX_JSON_DEPTH = 64;

/**
 * The field under which `value` nests deeper than `max` levels (the path to the last object key on the way
 * down and its first item: `roles.0` for `{"roles":[[[…]]]}`; `(root)` when there is no key), or null.
 * Iterative: the value may be 10,000 levels deep.
 */
function pathDeeperThan(value: unknown, max: number): string | null {
  type Node = { value: unknown; depth: number; parent: Node | null; key: string };
  const stack: Node[] = [{ value, depth: 0, parent: null, key: '' }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!node.value || typeof node.value !== 'object') continue;
    if (node.depth >= max) {
      const keys: string[] = [];
      for (let at: Node | null = node; at?.parent; at = at.parent) keys.unshift(at.key);
      // The value that nests too deep: the last object key on the way down and, inside it, the first item.
      const lastObjectKey = keys.findLastIndex((k) => !/^\d+$/.test(k));
      return lastObjectKey < 0 ? '(root)' : keys.slice(0, lastObjectKey + 2).join('.');
    }
    for (const [key, inner] of Object.entries(node.value)) stack.push({ value: inner, depth: node.depth + 1, parent: node, key });
  }
  return null;
}

/**
 * The raw body, refusing more than `limit` bytes whether or not Content-Length tells the truth (`tooLarge` is
 * thrown, reading no further than the limit). No body is an empty buffer.
 */
async function readLimitedBody(request: Request, limit: number, tooLarge: () => DomainError): Promise<Buffer> {
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
  if (!/^multipart\/form-data\b/i.test(type))
    return { bytes: await readLimitedBody(request, options.maxBytes, options.tooLarge), fileName: null };
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
