'use client';

import * as React from 'react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Download, FileText, Image as ImageIcon, Paperclip } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ListSkeleton, LoadFailed, LoadMore } from '@/components/ui/list-parts';
import { toast } from '@/components/ui/toast';
import { api, ApiError } from '@/components/api-client';
import { noteKeys, notePaths, recordWord, type AttachmentVersionView, type AttachmentView, type NotesRecord, type Page } from './api';

const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = 'application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp';
const TYPE_LABEL: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/webp': 'WebP' };

const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1024 * 1024)).toFixed(1)} MiB`;

/** The same magic-number check the server makes (lib/records/attachment-type.ts), so a wrong file is told at once. */
async function looksAllowed(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const text = String.fromCharCode(...head);
  return (
    text.startsWith('%PDF-') ||
    text.startsWith('\x89PNG\r\n\x1a\n') ||
    (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) ||
    (text.startsWith('RIFF') && text.slice(8, 15) === 'WEBPVP8')
  );
}

type UploadAnswer = { detail?: string; title?: string; code?: string; errors?: Array<{ path: string; message: string }> };

/** POST the file as multipart `file`, reporting upload progress (fetch cannot); problem+json becomes an ApiError. */
function uploadWithProgress(path: string, file: File, onProgress: (fraction: number) => void): Promise<AttachmentView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: UploadAnswer | null = null;
      try {
        body = JSON.parse(xhr.responseText) as UploadAnswer;
      } catch {
        body = null;
      }
      if (xhr.status === 401) {
        window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname)}`);
        reject(new ApiError(401, 'Your session has ended. Sign in again.'));
      } else if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as unknown as AttachmentView);
      } else {
        reject(
          new ApiError(xhr.status, body?.detail ?? body?.title ?? `The server answered ${xhr.status}.`, body?.code, body?.errors ?? []),
        );
      }
    };
    xhr.onerror = () => reject(new Error('The upload was interrupted. Check your connection and try again.'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** An earlier version of a file: its number, size, who uploaded it and when, and its download link. */
function EarlierVersion({ tenant, fileName, v }: { tenant: string; fileName: string; v: AttachmentVersionView }) {
  return (
    <li className="flex items-center justify-between gap-2 py-1 text-xs text-muted-foreground" data-testid="attachment-version">
      <span className="min-w-0">
        Version {v.version} · {formatBytes(v.size)} · {v.uploadedBy.name} · <LocalTime iso={v.createdAt} />
      </span>
      <a
        href={notePaths.attachment(tenant, v.id)}
        download={fileName}
        className="shrink-0 rounded-sm font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring"
        aria-label={`Download version ${v.version} of ${fileName}`}
      >
        Download
      </a>
    </li>
  );
}

/**
 * The record's files (the latest version of each name, with its earlier versions) with download links, and an upload
 * with progress for those who may add: a file under a name already there becomes its next version.
 */
export function AttachmentsCard({
  tenant,
  record,
  canAdd,
  headingLevel,
}: {
  tenant: string;
  record: NotesRecord;
  canAdd: boolean;
  headingLevel: 'h2' | 'h3';
}) {
  const queryClient = useQueryClient();
  const what = recordWord(record.type);
  const files = useInfiniteQuery({
    queryKey: noteKeys.attachments(tenant, record),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<Page<AttachmentView>>(
        `${notePaths.attachments(tenant, record)}?${new URLSearchParams({ limit: '50', ...(pageParam ? { cursor: pageParam } : {}) })}`,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = files.data?.pages.flatMap((p) => p.data) ?? [];
  const input = React.useRef<HTMLInputElement>(null);
  const [upload, setUpload] = React.useState<{ name: string; progress: number } | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const errorId = React.useId();

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size === 0) return setError(`${file.name} is empty. Choose the file again.`);
    if (file.size > MAX_BYTES)
      return setError(
        `${file.name} is ${formatBytes(file.size)}: attachments may be at most 10 MiB. Attach a smaller file or scan at a lower resolution.`,
      );
    if (!(await looksAllowed(file)))
      return setError(
        `${file.name} is not a PDF, PNG, JPEG or WebP file (the type is read from the file's contents, not its name). Attach a PDF or an image.`,
      );
    setUpload({ name: file.name, progress: 0 });
    try {
      const saved = await uploadWithProgress(notePaths.attachments(tenant, record), file, (progress) =>
        setUpload({ name: file.name, progress }),
      );
      toast({
        tone: 'success',
        title: saved.version > 1 ? `Version ${saved.version} attached` : 'File attached',
        description: `${saved.fileName} · ${formatBytes(saved.size)}`,
      });
      await queryClient.invalidateQueries({ queryKey: noteKeys.attachments(tenant, record) });
    } catch (e) {
      setError(
        e instanceof ApiError && e.errors[0]?.path === 'file'
          ? e.errors[0].message
          : e instanceof Error
            ? e.message
            : 'The upload failed. Try again.',
      );
    } finally {
      setUpload(null);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Card aria-labelledby={`files-title-${record.type}-${record.id}`} role="region">
      <CardHeader>
        <div className="flex min-w-0 flex-col gap-0.5">
          <CardTitle as={headingLevel} id={`files-title-${record.type}-${record.id}`}>
            Attachments
          </CardTitle>
          <CardDescription>
            PDF, PNG, JPEG or WebP up to 10 MiB. A file under a name already here becomes its next version; none is ever deleted.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-3">
        {canAdd ? (
          <div className="grid gap-2">
            <input
              ref={input}
              type="file"
              accept={ACCEPT}
              className="sr-only"
              id={`file-${record.type}-${record.id}`}
              // Named by the visible button that opens it; reached through that button, not as a second tab stop.
              aria-label="Attach a file"
              tabIndex={-1}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => void onFile(e.target.files?.[0])}
              disabled={upload !== null}
              data-testid="attachment-input"
            />
            <div>
              <Button size="sm" onClick={() => input.current?.click()} pending={upload !== null} disabled={upload !== null}>
                <Paperclip aria-hidden="true" />
                Attach a file
              </Button>
            </div>
            {upload ? (
              <div className="grid gap-1" data-testid="upload-progress">
                <div className="flex justify-between text-xs text-muted-foreground">
                  <span className="truncate">Uploading {upload.name}</span>
                  <span className="tabular-nums">{Math.round(upload.progress * 100)}%</span>
                </div>
                <div
                  role="progressbar"
                  aria-label={`Uploading ${upload.name}`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(upload.progress * 100)}
                  className="h-1.5 overflow-hidden rounded-full bg-muted"
                >
                  <div className="h-full bg-primary transition-[width]" style={{ width: `${Math.max(2, upload.progress * 100)}%` }} />
                </div>
              </div>
            ) : null}
            {error ? (
              <Alert tone="danger" role="alert" id={errorId} title="The file was not attached." data-testid="attachment-error">
                {error}
              </Alert>
            ) : null}
          </div>
        ) : null}
        {files.isPending ? (
          <ListSkeleton label="Loading attachments" cells={['h-4 w-40', 'h-4 w-16']} rows={2} className="p-0" />
        ) : files.isError && !files.data ? (
          <LoadFailed title="The attachments could not be loaded." query={files} />
        ) : rows.length === 0 ? (
          <EmptyState size="compact" headingLevel="h4" icon={<Paperclip />} title="No attachments">
            {canAdd ? `Attach a document, a certificate or a photo to this ${what}.` : `Files attached to this ${what} appear here.`}
          </EmptyState>
        ) : (
          <ul className="grid divide-y divide-border rounded-lg border border-border" aria-label="Attachments">
            {rows.map((f) => (
              <li key={f.id} className="grid gap-1 px-3 py-2" data-testid="attachment">
                <div className="flex items-center gap-3">
                  {f.contentType === 'application/pdf' ? (
                    <FileText aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
                  ) : (
                    <ImageIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
                  )}
                  <div className="grid min-w-0 flex-1 gap-0.5">
                    <span className="flex min-w-0 items-center gap-2">
                      <a
                        href={notePaths.attachment(tenant, f.id)}
                        download={f.fileName}
                        className="truncate rounded-sm text-[13px] font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                        title={`Download ${f.fileName} (SHA-256 ${f.sha256})`}
                      >
                        {f.fileName}
                      </a>
                      {f.version > 1 ? (
                        <Badge tone="accent" data-testid="attachment-version-badge">
                          Version {f.version}
                        </Badge>
                      ) : null}
                    </span>
                    <span className="text-xs text-muted-foreground">
                      {TYPE_LABEL[f.contentType] ?? f.contentType} · {formatBytes(f.size)} · {f.uploadedBy.name} ·{' '}
                      <LocalTime iso={f.createdAt} />
                    </span>
                  </div>
                  <Button asChild variant="ghost" size="icon-sm">
                    <a href={notePaths.attachment(tenant, f.id)} download={f.fileName} aria-label={`Download ${f.fileName}`}>
                      <Download aria-hidden="true" />
                    </a>
                  </Button>
                </div>
                {f.previousVersions.length > 0 ? (
                  <details className="pl-7 text-xs">
                    <summary className="cursor-pointer rounded-sm text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring">
                      {f.previousVersions.length} earlier {f.previousVersions.length === 1 ? 'version' : 'versions'}
                    </summary>
                    <ul className="grid divide-y divide-border" aria-label={`Earlier versions of ${f.fileName}`}>
                      {f.previousVersions.map((v) => (
                        <EarlierVersion key={v.id} tenant={tenant} fileName={f.fileName} v={v} />
                      ))}
                    </ul>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <LoadMore pages={files} size="sm" />
      </CardContent>
    </Card>
  );
}
