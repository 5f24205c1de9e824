import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { userAvatars, users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import { DomainError, notFound, validationFailed } from '@/lib/errors';
import { readFileUpload } from '@/lib/http/read-body';
import { now } from '@/lib/platform/clock';
import { requireUser, type AccountContext } from './account-context';
import { detectImageType, type ImageType } from './image-type';

/**
 * Profile pictures: PNG, JPEG or WebP up to 1 MiB, the type decided by the bytes themselves (never the
 * file name or the declared Content-Type). Stored in `user_avatars`; `users.image` points at the serving
 * route with a version, so a new picture is a new URL and caches never show the old one.
 */
export const MAX_AVATAR_BYTES = 1024 * 1024;

const AVATAR_TYPES_MESSAGE = 'Use a PNG, JPEG or WebP image.';

const tooLarge = () =>
  new DomainError('payload_too_large', 413, 'The image is larger than 1 MiB. Use a smaller one.', [
    { path: 'file', message: 'The image is larger than 1 MiB.' },
  ]);

const avatarUrl = (userId: string, version: Date) => `/api/v1/users/${userId}/avatar?v=${version.getTime()}`;

/**
 * The picture in an upload request: the raw body (any Content-Type), or the `file` field of a
 * multipart/form-data body. Over 1 MiB → 413 `payload_too_large`, read no further than that.
 */
export async function readAvatarUpload(request: Request): Promise<Buffer> {
  return (await readFileUpload(request, { maxBytes: MAX_AVATAR_BYTES, tooLarge, what: 'image' })).bytes;
}

/** What the first bytes look like, to say why a file was refused. */
function describe(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'a GIF image';
  if (head.startsWith('%PDF')) return 'a PDF document';
  if (head.startsWith('BM')) return 'a BMP image';
  if (/^\s*(<\?xml|<svg)/i.test(head)) return 'an SVG or XML file';
  if (head.slice(4, 12) === 'ftypheic' || head.slice(4, 12) === 'ftypavif') return 'a HEIC or AVIF image';
  // eslint-disable-next-line no-control-regex -- tab, LF and CR are what plain text may hold besides printable ASCII
  if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(head)) return 'text';
  return null;
}

/** Check an uploaded picture: its type by content, its size, not empty. */
function checkAvatar(bytes: Uint8Array): ImageType {
  if (bytes.byteLength === 0) {
    throw validationFailed([{ path: 'file', message: 'The file is empty.' }], `The file is empty. ${AVATAR_TYPES_MESSAGE}`);
  }
  if (bytes.byteLength > MAX_AVATAR_BYTES) throw tooLarge();
  const type = detectImageType(bytes);
  if (!type) {
    const looks = describe(bytes);
    const message = `This file is not a PNG, JPEG or WebP image${looks ? ` (it looks like ${looks})` : ''}. ${AVATAR_TYPES_MESSAGE}`;
    throw validationFailed([{ path: 'file', message }], message);
  }
  return type;
}

/** Set your picture. Audited as `user.avatar_updated` (type and size, not the bytes). */
export async function setAvatar(ctx: AccountContext, bytes: Uint8Array): Promise<{ image: string }> {
  const actor = requireUser(ctx.actor);
  const contentType = checkAvatar(bytes);
  const at = now();
  const image = avatarUrl(actor.id, at);
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [previous] = await tx.select({ image: users.image }).from(users).where(eq(users.id, actor.id)).for('update').limit(1);
    if (!previous) throw notFound('user');
    await tx
      .insert(userAvatars)
      .values({ userId: actor.id, contentType, data, updatedAt: at })
      .onConflictDoUpdate({ target: userAvatars.userId, set: { contentType, data, updatedAt: at } });
    await tx
      .update(users)
      .set({ image, updatedAt: sql`now()` })
      .where(eq(users.id, actor.id));
    await recordPlatformAudit(tx, actor, ctx.meta, {
      action: 'user.avatar_updated',
      targetType: 'user',
      targetId: actor.id,
      before: { image: previous.image },
      after: { image, contentType, bytes: bytes.byteLength },
    });
  });
  return { image };
}

/** Remove your picture (nothing to remove is fine). Audited as `user.avatar_removed` when there was one. */
export async function deleteAvatar(ctx: AccountContext): Promise<void> {
  const actor = requireUser(ctx.actor);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const removed = await tx.delete(userAvatars).where(eq(userAvatars.userId, actor.id)).returning({ userId: userAvatars.userId });
    const [previous] = await tx.select({ image: users.image }).from(users).where(eq(users.id, actor.id)).limit(1);
    if (removed.length === 0 && !previous?.image) return;
    await tx
      .update(users)
      .set({ image: null, updatedAt: sql`now()` })
      .where(eq(users.id, actor.id));
    await recordPlatformAudit(tx, actor, ctx.meta, {
      action: 'user.avatar_removed',
      targetType: 'user',
      targetId: actor.id,
      before: { image: previous?.image ?? null },
      after: { image: null },
    });
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person's stored picture, for any signed-in caller (avatars appear beside names across tenants). Unknown → 404. */
export async function getAvatar(userId: string): Promise<{ contentType: string; data: Buffer; updatedAt: Date }> {
  if (!UUID.test(userId)) throw notFound('avatar');
  const db = await getDb();
  const [row] = await db
    .select({ contentType: userAvatars.contentType, data: userAvatars.data, updatedAt: userAvatars.updatedAt })
    .from(userAvatars)
    .where(eq(userAvatars.userId, userId))
    .limit(1);
  if (!row) throw notFound('avatar');
  return row;
}
