import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as deleteAvatar, PUT as putAvatar } from '@/app/api/v1/me/avatar/route';
import { GET as meRoute } from '@/app/api/v1/me/route';
import { GET as getAvatar } from '@/app/api/v1/users/[id]/avatar/route';
import { getDb } from '@/db/client';
import { auditEvents, userAvatars } from '@/db/schema';
import { MAX_AVATAR_BYTES } from '@/lib/auth/avatar';
import { setClock } from '@/lib/platform/clock';
import { call, createUserWithSession, type TestUser } from '../support/fixtures';

// Avatars: PUT/DELETE /api/v1/me/avatar and GET /api/v1/users/{id}/avatar (WebP thumbnails, never the upload).
const AVATAR = 'http://localhost/api/v1/me/avatar';

afterEach(() => setClock());

// A real 1×1 PNG, a JPEG (made below) and a 1×1 lossless WebP: the type is read from these bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
let JPEG: Buffer;
/** The start of a JPEG (JFIF) that is no picture: the type check passes, decoding does not. */
const BROKEN_JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(64, 1),
  Buffer.from([0xff, 0xd9]),
]);
/**
 * A phone photo: 200×100 stored sideways (EXIF orientation 6: turn 90° clockwise to show it), left half red, right half
 * blue, so upright it is 100×200 with red on top; its EXIF names the camera and carries a GPS position.
 */
let PHOTO: Buffer;
beforeAll(async () => {
  JPEG = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();
  const halves = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#ff0000' } })
    .composite([{ input: { create: { width: 100, height: 100, channels: 3, background: '#0000ff' } }, left: 100, top: 0 }])
    .png()
    .toBuffer();
  PHOTO = await sharp(halves)
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'SecretCam', Model: 'Pocket 3' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 0/1' },
    })
    .toBuffer();
});
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x1a, 0, 0, 0]),
  Buffer.from('WEBPVP8L'),
  Buffer.from([0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00]),
]);
const GIF = Buffer.concat([
  Buffer.from('GIF89a'),
  Buffer.from([
    1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02,
    0x44, 0x01, 0, 0x3b,
  ]),
]);

function put(user: TestUser | null, body: BodyInit, headers: Record<string, string> = {}) {
  return call(putAvatar, { method: 'PUT', url: AVATAR, cookie: user?.cookie, rawBody: body, headers });
}

function multipart(bytes: Buffer, filename: string, type: string, field = 'file'): FormData {
  const form = new FormData();
  form.append(field, new File([new Uint8Array(bytes)], filename, { type }));
  return form;
}

/** GET the avatar as bytes (the fixture's call() reads text); `query` e.g. `?size=64`. */
async function fetchAvatar(userId: string, cookie?: string, headers: Record<string, string> = {}, query = '') {
  const request = new Request(`http://localhost/api/v1/users/${userId}/avatar${query}`, {
    headers: { ...headers, ...(cookie ? { cookie } : {}) },
  });
  const response = await getAvatar(request, { params: Promise.resolve({ id: userId }) });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('PUT /api/v1/me/avatar', () => {
  it.each([
    ['PNG', () => PNG, 'image/png'],
    ['JPEG', () => JPEG, 'image/jpeg'],
    ['WebP', () => WEBP, 'image/webp'],
  ])('accepts a %s by its content, whatever the Content-Type says, and serves WebP thumbnails of it', async (_, make, type) => {
    const bytes = make();
    const user = await createUserWithSession('avatar');
    setClock({ at: new Date('2030-01-02T03:04:05.678Z') });
    const res = await put(user, new Uint8Array(bytes), { 'content-type': 'text/plain' });
    expect(res.status).toBe(200);
    expect(res.json.image).toBe(`/api/v1/users/${user.id}/avatar?v=${Date.parse('2030-01-02T03:04:05.678Z')}`);
    expect((await call(meRoute, { url: 'http://localhost/api/v1/me', cookie: user.cookie })).json.image).toBe(res.json.image);

    const served = await fetchAvatar(user.id, user.cookie);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toMatch(/private/);
    expect(served.headers.get('etag')).toBeTruthy();
    expect(served.bytes.equals(bytes)).toBe(false);
    expect(await sharp(served.bytes).metadata()).toMatchObject({ format: 'webp', width: 256, height: 256 });
    // The audit keeps what was uploaded (its type), the store only thumbnails.
    const db = await getDb();
    const [stored] = await db.select().from(userAvatars).where(eq(userAvatars.userId, user.id));
    expect(stored).toMatchObject({ contentType: 'image/webp', data: null });
    expect(type).toMatch(/^image\//);

    // A cached copy is confirmed without the bytes.
    const again = await fetchAvatar(user.id, user.cookie, { 'if-none-match': served.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('accepts multipart/form-data with the field "file", judged by content not by file name or part type', async () => {
    const user = await createUserWithSession('avatar-form');
    const res = await put(user, multipart(PNG, 'holiday.gif', 'image/gif'));
    expect(res.status).toBe(200);
    const served = await fetchAvatar(user.id, user.cookie);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(served.bytes).metadata()).width).toBe(256);

    const noFile = await put(user, multipart(PNG, 'a.png', 'image/png', 'picture'));
    expect(noFile.status).toBe(400);
    expect(noFile.json.errors).toEqual([{ path: 'file', message: expect.stringContaining('"file"') }]);
  });

  it('refuses a GIF, a text file named .png and an empty body with 400 saying why, and keeps the old picture', async () => {
    const user = await createUserWithSession('avatar-bad');
    expect((await put(user, new Uint8Array(PNG), { 'content-type': 'image/png' })).status).toBe(200);
    const first = await fetchAvatar(user.id, user.cookie);

    const gif = await put(user, new Uint8Array(GIF), { 'content-type': 'image/png' });
    expect(gif.status).toBe(400);
    expect(gif.json.code).toBe('validation_failed');
    expect(gif.json.detail).toContain('Use a PNG, JPEG or WebP image');
    expect(gif.json.detail).toContain('GIF');
    expect(gif.json.errors[0].path).toBe('file');

    const text = await put(user, multipart(Buffer.from('just some notes, honestly\n'), 'photo.png', 'image/png'));
    expect(text.status).toBe(400);
    expect(text.json.detail).toContain('Use a PNG, JPEG or WebP image');
    expect(text.json.detail).toContain('text');

    const svg = await put(user, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), {
      'content-type': 'image/svg+xml',
    });
    expect(svg.status).toBe(400);

    const empty = await put(user, new Uint8Array(0), { 'content-type': 'image/png' });
    expect(empty.status).toBe(400);
    expect(empty.json.code).toBe('validation_failed');

    // A JPEG header with no picture behind it passes the type check but not decoding: 400 on file.
    const broken = await put(user, new Uint8Array(BROKEN_JPEG), { 'content-type': 'image/jpeg' });
    expect(broken.status).toBe(400);
    expect(broken.json.errors).toEqual([{ path: 'file', message: expect.stringContaining('could not be read') }]);

    const served = await fetchAvatar(user.id, user.cookie);
    expect(served.status).toBe(200);
    expect(served.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('takes exactly 1 MiB and refuses 1 MiB + 1 byte with 413, raw, streamed or multipart', async () => {
    const user = await createUserWithSession('avatar-big');
    const exactly = Buffer.concat([PNG, Buffer.alloc(MAX_AVATAR_BYTES - PNG.length)]);
    expect(exactly.length).toBe(1024 * 1024);
    expect((await put(user, new Uint8Array(exactly), { 'content-type': 'image/png' })).status).toBe(200);

    const over = Buffer.concat([exactly, Buffer.from([0])]);
    const raw = await put(user, new Uint8Array(over), { 'content-type': 'image/png' });
    expect(raw.status).toBe(413);
    expect(raw.json.code).toBe('payload_too_large');

    // No Content-Length to trust: a stream is cut off at the limit.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < over.length; i += 64 * 1024) controller.enqueue(new Uint8Array(over.subarray(i, i + 64 * 1024)));
        controller.close();
      },
    });
    expect((await put(user, stream, { 'content-type': 'image/png' })).status).toBe(413);

    const form = await put(user, multipart(over, 'big.png', 'image/png'));
    expect(form.status).toBe(413);
    expect(form.json.code).toBe('payload_too_large');
  });

  it('is 401 signed out', async () => {
    const res = await put(null, new Uint8Array(PNG), { 'content-type': 'image/png' });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('unauthenticated');
  });
});

describe('GET /api/v1/users/{id}/avatar', () => {
  it("lets any signed-in person read someone else's picture, but not a signed-out caller; unknown is 404", async () => {
    const owner = await createUserWithSession('avatar-owner');
    const reader = await createUserWithSession('avatar-reader');
    expect((await put(owner, new Uint8Array(JPEG), { 'content-type': 'image/jpeg' })).status).toBe(200);

    const seen = await fetchAvatar(owner.id, reader.cookie);
    expect(seen.status).toBe(200);
    expect(seen.headers.get('content-type')).toBe('image/webp');

    expect((await fetchAvatar(owner.id)).status).toBe(401);
    expect((await fetchAvatar(reader.id, reader.cookie)).status).toBe(404);
    expect((await fetchAvatar('00000000-0000-4000-8000-000000000000', reader.cookie)).status).toBe(404);
    expect((await fetchAvatar('not-a-uuid', reader.cookie)).status).toBe(404);
  });
});

describe('DELETE /api/v1/me/avatar', () => {
  it('removes the picture and the image URL, audits upload and removal, and is fine to repeat', async () => {
    const user = await createUserWithSession('avatar-del');
    expect((await put(user, new Uint8Array(WEBP), { 'content-type': 'image/webp' })).status).toBe(200);
    const res = await call(deleteAvatar, { method: 'DELETE', url: AVATAR, cookie: user.cookie });
    expect(res.status).toBe(204);
    expect((await fetchAvatar(user.id, user.cookie)).status).toBe(404);
    expect((await call(meRoute, { url: 'http://localhost/api/v1/me', cookie: user.cookie })).json.image).toBeNull();
    const db = await getDb();
    expect(await db.select().from(userAvatars).where(eq(userAvatars.userId, user.id))).toHaveLength(0);

    expect((await call(deleteAvatar, { method: 'DELETE', url: AVATAR, cookie: user.cookie })).status).toBe(204);
    expect((await call(deleteAvatar, { method: 'DELETE', url: AVATAR })).status).toBe(401);

    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, user.id)));
    expect(events.map((e) => e.action).sort()).toEqual(['user.avatar_removed', 'user.avatar_updated']);
    const updated = events.find((e) => e.action === 'user.avatar_updated')!;
    expect(updated.after).toMatchObject({ contentType: 'image/webp', bytes: WEBP.length });
  });
});

describe('thumbnails', () => {
  it('a phone photo is served upright, square, as 256 and 64 px WebP without its EXIF (camera, GPS)', async () => {
    const user = await createUserWithSession('avatar-photo');
    const original = await sharp(PHOTO).metadata();
    // The upload really carries what must go: EXIF with the camera and a GPS IFD (tag 0x8825), sideways orientation.
    expect(original).toMatchObject({ format: 'jpeg', width: 200, height: 100, orientation: 6 });
    expect(original.exif?.includes(Buffer.from('SecretCam'))).toBe(true);
    expect(original.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);

    expect((await put(user, new Uint8Array(PHOTO), { 'content-type': 'image/jpeg' })).status).toBe(200);
    for (const [query, size] of [
      ['', 256],
      ['?size=256', 256],
      ['?size=64', 64],
    ] as const) {
      const served = await fetchAvatar(user.id, user.cookie, {}, query);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      const meta = await sharp(served.bytes).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: size, height: size });
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(served.bytes.includes(Buffer.from('SecretCam'))).toBe(false);
      expect(served.bytes.includes(Buffer.from('Exif'))).toBe(false);
      // Turned upright: red (the photo's left half) on top, blue at the bottom.
      const { data, info } = await sharp(served.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
      const [top, bottom] = [pixel(size / 2, 2), pixel(size / 2, size - 3)];
      expect(top[0]).toBeGreaterThan(200);
      expect(top[2]).toBeLessThan(60);
      expect(bottom[2]).toBeGreaterThan(200);
      expect(bottom[0]).toBeLessThan(60);
    }
    // Only the thumbnails are stored; the original is nowhere.
    const db = await getDb();
    const [stored] = await db.select().from(userAvatars).where(eq(userAvatars.userId, user.id));
    expect(stored.data).toBeNull();
    expect(stored.small?.includes(Buffer.from('SecretCam'))).toBe(false);
    expect(stored.large?.includes(Buffer.from('SecretCam'))).toBe(false);
  });

  it('answers each size with its own ETag; the current version may be cached for good, other URLs are revalidated; a bad size is 400', async () => {
    const user = await createUserWithSession('avatar-cache');
    const { json } = await put(user, new Uint8Array(JPEG), { 'content-type': 'image/jpeg' });
    const version = new URL(json.image, 'http://localhost').searchParams.get('v');
    const small = await fetchAvatar(user.id, user.cookie, {}, `?size=64&v=${version}`);
    const large = await fetchAvatar(user.id, user.cookie, {}, `?v=${version}`);
    expect(small.headers.get('etag')).not.toBe(large.headers.get('etag'));
    expect(small.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect((await fetchAvatar(user.id, user.cookie, {}, '?size=64&v=1')).headers.get('cache-control')).toBe('private, no-cache');
    expect((await fetchAvatar(user.id, user.cookie, { 'if-none-match': small.headers.get('etag')! }, '?size=64')).status).toBe(304);
    expect((await fetchAvatar(user.id, user.cookie, { 'if-none-match': small.headers.get('etag')! }, '?size=256')).status).toBe(200);
    const bad = await fetchAvatar(user.id, user.cookie, {}, '?size=1024');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.bytes.toString()).errors[0].path).toBe('query.size');
  });

  it('a picture stored before thumbnails is turned into them when first asked for, and its original dropped', async () => {
    const user = await createUserWithSession('avatar-legacy');
    const db = await getDb();
    await db.insert(userAvatars).values({ userId: user.id, contentType: 'image/jpeg', data: PHOTO });
    const served = await fetchAvatar(user.id, user.cookie, {}, '?size=64');
    expect(served.status).toBe(200);
    expect(await sharp(served.bytes).metadata()).toMatchObject({ format: 'webp', width: 64, height: 64 });
    expect(served.bytes.includes(Buffer.from('SecretCam'))).toBe(false);
    const [stored] = await db.select().from(userAvatars).where(eq(userAvatars.userId, user.id));
    expect(stored).toMatchObject({ contentType: 'image/webp', data: null });
    expect(stored.small?.equals(served.bytes)).toBe(true);
  });
});
