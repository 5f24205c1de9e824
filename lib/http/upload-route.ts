import { MAX_ATTACHMENT_BYTES } from '@/db/schema/notes';
import { DomainError, validationFailed } from '@/lib/errors';
import { readFileUpload } from '@/lib/http/read-body';
import type { RouteHandler } from '@/lib/http/route';
import { attachmentTooLarge } from '@/lib/records/attachments';

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

const taken = new WeakMap<Request, Upload | DomainError>();

async function readUpload(request: Request): Promise<Upload> {
  const upload = await readFileUpload(request, { maxBytes: MAX_ATTACHMENT_BYTES, tooLarge: attachmentTooLarge, what: 'file' });
  return { bytes: upload.bytes, fileName: new URL(request.url).searchParams.get('fileName') ?? upload.fileName };
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
  if (!upload) throw new Error('takenUpload needs uploadRoute (lib/http/upload-route.ts) around the route');
  if (upload instanceof DomainError) throw upload;
  return upload;
}
