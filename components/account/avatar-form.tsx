'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { ImageUp, Trash2 } from 'lucide-react';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FieldError } from '@/components/ui/form-field';
import { toast } from '@/components/ui/toast';
import { detectImageType } from '@/lib/auth/image-type';
import { AVATAR_MAX_BYTES, type AccountActionResult } from './form-schemas';

export type AvatarFormProps = {
  name: string;
  /** The current picture's URL (users.image), or null. */
  image: string | null;
  removeAction: () => Promise<AccountActionResult>;
};

const TYPES_HINT = 'PNG, JPEG or WebP, up to 1 MiB.';

/**
 * The profile picture: choose a file → preview → save, or remove (confirmed). The browser checks the
 * size and the first bytes for a quick answer; the server decides by the same rules
 * (PUT /api/v1/me/avatar) and its message is shown beside the control.
 */
export function AvatarForm({ name, image, removeAction }: AvatarFormProps) {
  const router = useRouter();
  const inputRef = React.useRef<HTMLInputElement>(null);
  const [file, setFile] = React.useState<File | null>(null);
  const [preview, setPreview] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  const [confirmOpen, setConfirmOpen] = React.useState(false);
  const [removing, setRemoving] = React.useState(false);
  const errorId = React.useId();

  React.useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  function clearChoice() {
    setFile(null);
    setPreview(null);
    if (inputRef.current) inputRef.current.value = '';
  }

  async function choose(event: React.ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    setError(null);
    if (!chosen) return clearChoice();
    if (chosen.size > AVATAR_MAX_BYTES) {
      clearChoice();
      setError(`That file is ${(chosen.size / 1024 / 1024).toFixed(1)} MiB; the limit is 1 MiB. Use a smaller image.`);
      return;
    }
    const head = new Uint8Array(await chosen.slice(0, 16).arrayBuffer());
    if (!detectImageType(head)) {
      clearChoice();
      setError(`That file is not a PNG, JPEG or WebP image, whatever its name says. Use a PNG, JPEG or WebP image.`);
      return;
    }
    setFile(chosen);
    setPreview(URL.createObjectURL(chosen));
  }

  async function save() {
    if (!file) return;
    setSaving(true);
    setError(null);
    try {
      const res = await fetch('/api/v1/me/avatar', {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' },
        body: file,
      });
      if (res.status === 401) {
        window.location.assign(`/sign-in?next=${encodeURIComponent('/account')}`);
        return;
      }
      if (!res.ok) {
        const problem = (await res.json().catch(() => null)) as { detail?: string } | null;
        setError(problem?.detail ?? `The upload failed (${res.status}). Try again.`);
        return;
      }
      clearChoice();
      toast({ title: 'Picture updated' });
      router.refresh();
    } catch {
      setError('We could not reach Custos. Check your connection and try again.');
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    setRemoving(true);
    try {
      const result = await removeAction();
      if (result.ok) {
        setConfirmOpen(false);
        toast({ title: 'Picture removed' });
        router.refresh();
      } else {
        setConfirmOpen(false);
        setError(result.error);
      }
    } catch {
      setError('We could not reach Custos. Check your connection and try again.');
    } finally {
      setRemoving(false);
    }
  }

  const shown = preview ?? image;
  return (
    <Card>
      <CardHeader className="flex-col gap-0.5">
        <CardTitle>Picture</CardTitle>
        <CardDescription>Shown next to your name. {TYPES_HINT}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 sm:flex-row sm:items-center">
        <div className="relative">
          {/* Keyed so a new source shows at once instead of waiting for the old image's fallback timer. */}
          <Avatar key={shown ?? 'none'} name={name} src={shown} size="lg" thumbnail={256} className="size-20 text-xl" />
          {preview ? (
            <span className="absolute -right-1 -bottom-1 rounded-full border border-border bg-card px-1.5 py-0.5 text-[10px] font-medium text-muted-foreground">
              Preview
            </span>
          ) : null}
        </div>
        <div className="grid min-w-0 flex-1 gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <input
              ref={inputRef}
              id="avatar-file"
              // Named by the visible button that opens it; reached through that button, not as a second tab stop.
              aria-label={image ? 'Choose a new picture' : 'Upload a picture'}
              tabIndex={-1}
              type="file"
              accept="image/png,image/jpeg,image/webp"
              className="sr-only"
              aria-describedby={error ? errorId : undefined}
              aria-invalid={error ? true : undefined}
              onChange={(event) => void choose(event)}
            />
            {file ? (
              <>
                <Button variant="primary" pending={saving} onClick={() => void save()}>
                  {saving ? 'Saving…' : 'Save picture'}
                </Button>
                <Button variant="ghost" disabled={saving} onClick={clearChoice}>
                  Cancel
                </Button>
                <span className="min-w-0 truncate text-xs text-muted-foreground">{file.name}</span>
              </>
            ) : (
              <>
                <Button onClick={() => inputRef.current?.click()} aria-controls="avatar-file">
                  <ImageUp aria-hidden="true" />
                  {image ? 'Choose a new picture' : 'Upload a picture'}
                </Button>
                {image ? (
                  <Button variant="ghost" onClick={() => setConfirmOpen(true)}>
                    <Trash2 aria-hidden="true" />
                    Remove
                  </Button>
                ) : null}
              </>
            )}
          </div>
          <div role="alert" aria-atomic="true">
            {error ? <FieldError id={errorId}>{error}</FieldError> : null}
          </div>
        </div>
      </CardContent>

      <Dialog open={confirmOpen} onOpenChange={(open) => (removing ? undefined : setConfirmOpen(open))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Remove your picture?</DialogTitle>
            <DialogDescription>Your initials are shown instead. You can upload a picture again at any time.</DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={removing}>Keep it</Button>
            </DialogClose>
            <Button variant="destructive" pending={removing} onClick={() => void remove()}>
              Remove picture
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
