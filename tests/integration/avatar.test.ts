import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { DELETE as deleteAvatar, PUT as putAvatar } from '@/app/api/v1/me/avatar/route';
import { GET as meRoute } from '@/app/api/v1/me/route';
import { GET as getAvatar } from '@/app/api/v1/users/[id]/avatar/route';
import { getDb } from '@/db/client';
import { auditEvents, userAvatars } from '@/db/schema';
import { MAX_AVATAR_BYTES } from '@/lib/auth/avatar';
import { setClock } from '@/lib/platform/clock';
import { call, createUserWithSession, type TestUser } from '../support/fixtures';

// Avatars: PUT/DELETE /api/v1/me/avatar and GET /api/v1/users/{id}/avatar.
const AVATAR = 'http://localhost/api/v1/me/avatar';

afterEach(() => setClock());

// A real 1×1 PNG, the start of a JPEG (JFIF) and a lossless WebP: the type is read from these bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(64, 1),
  Buffer.from([0xff, 0xd9]),
]);
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

/** GET the avatar as bytes (the fixture's call() reads text). */
async function fetchAvatar(userId: string, cookie?: string, headers: Record<string, string> = {}) {
  const request = new Request(`http://localhost/api/v1/users/${userId}/avatar`, { headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  const response = await getAvatar(request, { params: Promise.resolve({ id: userId }) });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('PUT /api/v1/me/avatar', () => {
  it.each([
    ['PNG', PNG, 'image/png'],
    ['JPEG', JPEG, 'image/jpeg'],
    ['WebP', WEBP, 'image/webp'],
  ])('accepts a %s by its content, whatever the Content-Type says, and serves the same bytes', async (_, bytes, type) => {
    const user = await createUserWithSession('avatar');
    setClock({ at: new Date('2030-01-02T03:04:05.678Z') });
    const res = await put(user, new Uint8Array(bytes), { 'content-type': 'text/plain' });
    expect(res.status).toBe(200);
    expect(res.json.image).toBe(`/api/v1/users/${user.id}/avatar?v=${Date.parse('2030-01-02T03:04:05.678Z')}`);
    expect((await call(meRoute, { url: 'http://localhost/api/v1/me', cookie: user.cookie })).json.image).toBe(res.json.image);

    const served = await fetchAvatar(user.id, user.cookie);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe(type);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toMatch(/private/);
    expect(served.headers.get('etag')).toBeTruthy();
    expect(served.bytes.equals(bytes)).toBe(true);

    // A cached copy is confirmed without the bytes.
    const again = await fetchAvatar(user.id, user.cookie, { 'if-none-match': served.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('accepts multipart/form-data with the field "file", judged by content not by file name or part type', async () => {
    const user = await createUserWithSession('avatar-form');
    const res = await put(user, multipart(PNG, 'holiday.gif', 'image/gif'));
    expect(res.status).toBe(200);
    const served = await fetchAvatar(user.id, user.cookie);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.bytes.equals(PNG)).toBe(true);

    const noFile = await put(user, multipart(PNG, 'a.png', 'image/png', 'picture'));
    expect(noFile.status).toBe(400);
    expect(noFile.json.errors).toEqual([{ path: 'file', message: expect.stringContaining('"file"') }]);
  });

  it('refuses a GIF, a text file named .png and an empty body with 400 saying why, and keeps the old picture', async () => {
    const user = await createUserWithSession('avatar-bad');
    expect((await put(user, new Uint8Array(PNG), { 'content-type': 'image/png' })).status).toBe(200);

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

    const served = await fetchAvatar(user.id, user.cookie);
    expect(served.bytes.equals(PNG)).toBe(true);
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
    expect(seen.bytes.equals(JPEG)).toBe(true);

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
