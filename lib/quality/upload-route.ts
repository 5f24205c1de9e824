import { MAX_ATTACHMENT_BYTES } from '@/db/schema/notes';
import { DomainError, validationFailed } from '@/lib/errors';
import type { RouteHandler } from '@/lib/http/route';
import { attachmentTooLarge } from './attachments';

/**
 * An upload route (attachments, up to 10 MiB). The route wrapper's 1 MiB JSON limit does not apply: the
 * route declares `rawBody`, and this reads the body itself, with its own limit, before the wrapper runs, so
 * the tenant's transaction is never held open while a slow client sends its file (on PGlite that
 * transaction holds the only connection). A body that cannot be taken (too large, a broken multipart form)
 * is kept as its error and answered only after the wrapper has checked who is asking and what they may
 * do: a stranger still gets 404, a viewer 403, before any word about the file.
 *
 * The body is the raw file (any Content-Type; name it with `?fileName=`), or the field `file` of a
 * multipart/form-data body (its own file name).
 */
export type Upload = { bytes: Buffer; fileName: string | null };

/** Room for the multipart envelope (boundaries, part headers) around a file of the maximum size. */
const MULTIPART_OVERHEAD = 64 * 1024;
const taken = new WeakMap<Request, Upload | DomainError>();

async function readLimited(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw attachmentTooLarge();
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
      throw attachmentTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readUpload(request: Request): Promise<Upload> {
  const type = request.headers.get('content-type') ?? '';
  const fileName = new URL(request.url).searchParams.get('fileName');
  if (!/^multipart\/form-data\b/i.test(type)) return { bytes: await readLimited(request, MAX_ATTACHMENT_BYTES), fileName };
  const raw = await readLimited(request, MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
  } catch {
    throw validationFailed([{ path: '(body)', message: 'The multipart body could not be read.' }], 'The multipart body could not be read.');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') {
    throw validationFailed([{ path: 'file', message: 'Attach the file as the field "file".' }], 'Attach the file as the field "file".');
  }
  if (file.size > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge();
  return { bytes: Buffer.from(await file.arrayBuffer()), fileName: fileName ?? (file.name || null) };
}

export function uploadRoute(handler: RouteHandler): RouteHandler {
  const wrapped = async (request: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }) => {
    let upload: Upload | DomainError;
    try {
      upload = await readUpload(request);
    } catch (error) {
      upload =
        error instanceof DomainError
          ? error
          : validationFailed([{ path: '(body)', message: 'The upload could not be read.' }], 'The upload could not be read.');
    }
    const bodiless = new Request(request.url, { method: request.method, headers: request.headers, signal: request.signal });
    taken.set(bodiless, upload);
    return handler(bodiless, context);
  };
  return Object.assign(wrapped, { route: handler.route });
}

/** The upload `uploadRoute` read for this request; its error, if it could not be taken. */
export function takenUpload(request: Request): Upload {
  const upload = taken.get(request);
  if (!upload) throw new Error('takenUpload needs uploadRoute (lib/quality/upload-route.ts) around the route');
  if (upload instanceof DomainError) throw upload;
  return upload;
}
