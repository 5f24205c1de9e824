import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
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
 * file name or the declared Content-Type). The upload is decoded, turned upright (EXIF orientation), cropped to a
 * square and stored only as two WebP thumbnails, 256 and 64 px, without any metadata (no EXIF, GPS, camera or colour
 * profile): the original bytes are never kept nor served back. Stored in `user_avatars`; `users.image` points at the
 * serving route with a version, so a new picture is a new URL and caches never show the old one.
 */
export const MAX_AVATAR_BYTES = 1024 * 1024;

/** The thumbnail sizes (square, px): 64 beside names in lists and menus, 256 on the account page. */
export const AVATAR_SIZES = [64, 256] as const;
export type AvatarSize = (typeof AVATAR_SIZES)[number];

/** At most this many pixels are decoded: a small file may still claim a huge image (a decompression bomb). */
const MAX_INPUT_PIXELS = 40_000_000;

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

const unreadable = () => {
  const message = 'This image could not be read: the file is damaged or not a complete picture. Use another PNG, JPEG or WebP image.';
  return validationFailed([{ path: 'file', message }], message);
};

/**
 * The two WebP thumbnails of an image: decoded (a damaged or oversized image is 400 on `file`), turned upright by its
 * EXIF orientation, cropped to the centre square and scaled. sharp writes no metadata unless asked, so EXIF (GPS
 * position, camera, time), XMP, ICC and the like are all gone.
 */
export async function makeThumbnails(bytes: Uint8Array): Promise<{ small: Buffer; large: Buffer }> {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const resize = (size: AvatarSize) =>
    sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(size, size, { fit: 'cover', position: 'centre' })
      .webp({ quality: 82 })
      .toBuffer();
  try {
    const [small, large] = await Promise.all([resize(64), resize(256)]);
    return { small, large };
  } catch {
    throw unreadable();
  }
}

/** Set your picture. Audited as `user.avatar_updated` (the uploaded type and size, not the bytes). */
export async function setAvatar(ctx: AccountContext, bytes: Uint8Array): Promise<{ image: string }> {
  const actor = requireUser(ctx.actor);
  const uploadedType = checkAvatar(bytes);
  const { small, large } = await makeThumbnails(bytes);
  const contentType = 'image/webp';
  const at = now();
  const image = avatarUrl(actor.id, at);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [previous] = await tx.select({ image: users.image }).from(users).where(eq(users.id, actor.id)).for('update').limit(1);
    if (!previous) throw notFound('user');
    await tx
      .insert(userAvatars)
      .values({ userId: actor.id, contentType, data: null, small, large, updatedAt: at })
      .onConflictDoUpdate({ target: userAvatars.userId, set: { contentType, data: null, small, large, updatedAt: at } });
    await tx
      .update(users)
      .set({ image, updatedAt: sql`now()` })
      .where(eq(users.id, actor.id));
    await recordPlatformAudit(tx, actor, ctx.meta, {
      action: 'user.avatar_updated',
      targetType: 'user',
      targetId: actor.id,
      before: { image: previous.image },
      after: { image, contentType: uploadedType, bytes: bytes.byteLength },
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

/**
 * A person's picture as a WebP thumbnail of `size` px, for any signed-in caller (avatars appear beside names across
 * tenants). Unknown → 404. A picture stored before thumbnails existed is turned into them on first request and its
 * original dropped; one that cannot be read is 404 like none.
 */
export async function getAvatar(
  userId: string,
  size: AvatarSize = 256,
): Promise<{ contentType: 'image/webp'; data: Buffer; updatedAt: Date }> {
  if (!UUID.test(userId)) throw notFound('avatar');
  const db = await getDb();
  const [row] = await db
    .select({ data: userAvatars.data, small: userAvatars.small, large: userAvatars.large, updatedAt: userAvatars.updatedAt })
    .from(userAvatars)
    .where(eq(userAvatars.userId, userId))
    .limit(1);
  if (!row) throw notFound('avatar');
  let { small, large } = row;
  if (!small || !large) {
    if (!row.data) throw notFound('avatar');
    try {
      ({ small, large } = await makeThumbnails(row.data));
    } catch {
      throw notFound('avatar');
    }
    await db.update(userAvatars).set({ contentType: 'image/webp', data: null, small, large }).where(eq(userAvatars.userId, userId));
  }
  return { contentType: 'image/webp', data: size === 64 ? small : large, updatedAt: row.updatedAt };
}
