import { and, count, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as attachmentRoute from '@/app/api/v1/tenants/[tenant]/attachments/[id]/route';
import * as batchAttachmentsRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/attachments/route';
import * as batchNotesRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/notes/route';
import * as inspectionAttachmentsRoute from '@/app/api/v1/tenants/[tenant]/inspections/[id]/attachments/route';
import * as inspectionNotesRoute from '@/app/api/v1/tenants/[tenant]/inspections/[id]/notes/route';
import { auditEvents, recordAttachments, recordNotes } from '@/db/schema';
import { MAX_ATTACHMENT_BYTES } from '@/db/schema/notes';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { dbErrorOf } from '../support/db-error';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { inspect, newBatch, type Role } from '../support/quality';

let t: TestTenant;
let other: TestTenant;
let batchId: string;
let inspectionId: string;
let otherBatchId: string;

beforeAll(async () => {
  t = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers();
  batchId = await newBatch(t);
  inspectionId = (await inspect(t, batchId, 'admin')).id;
  otherBatchId = await newBatch(other);
});

// Files, recognised by their first bytes.
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(14)]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

type Kind = 'batch' | 'inspection';
const notesRoute = { batch: batchNotesRoute, inspection: inspectionNotesRoute };
const attachmentsRoute = { batch: batchAttachmentsRoute, inspection: inspectionAttachmentsRoute };
const idOf = (kind: Kind) => (kind === 'batch' ? batchId : inspectionId);

const addNote = (kind: Kind, role: Role, body: unknown, tenant = t, id = idOf(kind)) =>
  call(notesRoute[kind].POST, { method: 'POST', params: { tenant: tenant.slug, id }, cookie: tenant.users[role].cookie, body });
const listNotes = (kind: Kind, role: Role, id = idOf(kind), query = '') =>
  call(notesRoute[kind].GET, { params: { tenant: t.slug, id }, cookie: t.users[role].cookie, url: `http://localhost/api/test${query}` });
const upload = (
  kind: Kind,
  role: Role,
  body: BodyInit,
  options: { fileName?: string; headers?: Record<string, string>; id?: string; tenant?: TestTenant; as?: TestTenant } = {},
) => {
  const tenant = options.tenant ?? t;
  const as = options.as ?? t;
  const qs = options.fileName ? `?fileName=${encodeURIComponent(options.fileName)}` : '';
  return call(attachmentsRoute[kind].POST, {
    method: 'POST',
    params: { tenant: tenant.slug, id: options.id ?? idOf(kind) },
    cookie: as.users[role].cookie,
    rawBody: body,
    headers: options.headers,
    url: `http://localhost/api/test${qs}`,
  });
};
const listAttachments = (kind: Kind, role: Role, id = idOf(kind)) =>
  call(attachmentsRoute[kind].GET, { params: { tenant: t.slug, id }, cookie: t.users[role].cookie });

async function download(role: Role, id: string, tenant = t) {
  const response = await attachmentRoute.GET(new Request('http://localhost/api/test', { headers: { cookie: tenant.users[role].cookie } }), {
    params: Promise.resolve({ tenant: tenant.slug, id }),
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const counts = async () =>
  withTenant(t.id, async (tx) => ({
    notes: (await tx.select({ n: count() }).from(recordNotes))[0].n,
    attachments: (await tx.select({ n: count() }).from(recordAttachments))[0].n,
    events: (
      await tx
        .select({ n: count() })
        .from(auditEvents)
        .where(inArray(auditEvents.action, ['note.added', 'attachment.added']))
    )[0].n,
  }));

describe('notes', () => {
  it('are added with their author and the time, listed newest first, and audited as note.added', async () => {
    const first = await addNote('batch', 'operator', { body: '  Line clearance done before start.  ' });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      batchId,
      inspectionId: null,
      body: 'Line clearance done before start.',
      author: { id: t.users.operator.id, name: t.users.operator.name },
      createdAt: expect.stringMatching(/Z$/),
    });
    const second = await addNote('batch', 'manager', { body: 'Granulation took 20 min longer; within the validated range.' });
    expect(second.status).toBe(201);
    const list = await listNotes('batch', 'viewer');
    expect(list.status).toBe(200);
    expect(list.json.data.map((n: { id: string }) => n.id)).toEqual([second.json.id, first.json.id]);

    const paged = await listNotes('batch', 'viewer', batchId, '?limit=1');
    expect(paged.json.data).toHaveLength(1);
    const rest = await listNotes('batch', 'viewer', batchId, `?limit=1&cursor=${paged.json.nextCursor}`);
    expect(rest.json.data.map((n: { id: string }) => n.id)).toEqual([first.json.id]);

    const [event] = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'note.added'), eq(auditEvents.targetId, batchId), eq(auditEvents.actorId, t.users.operator.id))),
    );
    expect(event).toMatchObject({ targetType: 'batch', actorId: t.users.operator.id });
    expect(event.after).toMatchObject({ noteId: first.json.id, body: 'Line clearance done before start.' });
  });

  it('on an inspection need inspections.perform, and stay apart from the batch’s own notes', async () => {
    const res = await addNote('inspection', 'qa', { body: 'Retained samples stored in cabinet 4.' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ batchId, inspectionId, author: { id: t.users.qa.id } });
    const list = await listNotes('inspection', 'viewer');
    expect(list.json.data.map((n: { id: string }) => n.id)).toEqual([res.json.id]);
    expect((await listNotes('batch', 'viewer')).json.data.map((n: { id: string }) => n.id)).not.toContain(res.json.id);
  });

  it('are refused to roles without the permission, writing nothing', async () => {
    const before = await counts();
    // Batch notes need batches.update: QA and viewers lack it; inspection notes need inspections.perform.
    for (const [kind, role] of [
      ['batch', 'qa'],
      ['batch', 'viewer'],
      ['inspection', 'viewer'],
      ['inspection', 'manager'],
    ] as const) {
      const res = await addNote(kind, role, { body: 'Should not be stored.' });
      expect(res.status, `${kind} ${role}`).toBe(403);
      expect(res.json.code).toBe('forbidden');
    }
    expect(await counts()).toEqual(before);
  });

  it('refuse bad input naming the field, writing nothing', async () => {
    const before = await counts();
    for (const [body, path] of [
      [{ body: '   ' }, 'body'],
      [{ body: 'x'.repeat(10_001) }, 'body'],
      [{ body: 42 }, 'body'],
      [{}, 'body'],
      [{ body: 'fine', pinned: true }, 'pinned'],
    ] as const) {
      const res = await addNote('batch', 'operator', body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await counts()).toEqual(before);
  });

  it("of another tenant's batch or inspection are 404, reading and writing", async () => {
    const before = await counts();
    expect((await addNote('batch', 'operator', { body: 'Smuggled' }, t, otherBatchId)).status).toBe(404);
    expect((await listNotes('batch', 'viewer', otherBatchId)).status).toBe(404);
    expect((await listNotes('inspection', 'viewer', otherBatchId)).status).toBe(404);
    // Our admin on the other tenant's path.
    const res = await call(batchNotesRoute.POST, {
      method: 'POST',
      params: { tenant: other.slug, id: otherBatchId },
      cookie: t.users.admin.cookie,
      body: { body: 'Smuggled' },
    });
    expect(res.status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('attachments', () => {
  it('take a PDF as the raw body, typed by its bytes, and download as stored with attachment and nosniff', async () => {
    // Declared as an image, yet a PDF: the bytes decide.
    const res = await upload('batch', 'operator', PDF, { fileName: 'CoA lot 42 – Müller.pdf', headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      batchId,
      inspectionId: null,
      fileName: 'CoA lot 42 – Müller.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      uploadedBy: { id: t.users.operator.id, name: t.users.operator.name },
    });
    const file = await download('viewer', res.json.id);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(PDF)).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toMatch(
      /^attachment; filename="CoA lot 42 _ M_ller.pdf"; filename\*=UTF-8''CoA%20lot%2042%20%E2%80%93%20M%C3%BCller.pdf$/,
    );

    const [event] = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'attachment.added'), eq(auditEvents.targetId, batchId)))
        .limit(1),
    );
    expect(event.after).toEqual({
      attachmentId: res.json.id,
      fileName: 'CoA lot 42 – Müller.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: res.json.sha256,
      version: 1,
    });
  });

  it('take PNG, JPEG and WebP images, raw or as the multipart field file (with its own name)', async () => {
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'application/octet-stream' }), 'C:\\scans\\label.png');
    const png = await upload('inspection', 'qa', form);
    expect(png.status).toBe(201);
    expect(png.json).toMatchObject({ batchId, inspectionId, fileName: 'label.png', contentType: 'image/png', size: PNG.length });
    const jpeg = await upload('inspection', 'operator', JPEG, { fileName: 'photo.jpg' });
    expect(jpeg.json).toMatchObject({ contentType: 'image/jpeg' });
    const webp = await upload('batch', 'admin', WEBP);
    expect(webp.json).toMatchObject({ contentType: 'image/webp', fileName: 'attachment' });

    const list = await listAttachments('inspection', 'viewer');
    expect(list.status).toBe(200);
    expect(list.json.data.map((a: { id: string }) => a.id)).toEqual([jpeg.json.id, png.json.id]);
    expect(list.json.data[0]).not.toHaveProperty('data');
    expect((await download('viewer', png.json.id)).headers.get('content-type')).toBe('image/png');
  });

  it('refuse another type by content, an empty file and a too large one, naming file and writing nothing', async () => {
    const before = await counts();
    const gif = await upload('batch', 'operator', GIF, { fileName: 'x.pdf', headers: { 'content-type': 'application/pdf' } });
    expect(gif.status).toBe(400);
    expect(gif.json).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'file', message: expect.stringContaining('a GIF image') }],
    });
    const html = await upload('batch', 'operator', Buffer.from('<!doctype html><script>alert(1)</script>'), { fileName: 'coa.pdf' });
    expect(html.status).toBe(400);
    expect(html.json.errors[0]).toMatchObject({ path: 'file', message: expect.stringContaining('HTML') });
    const empty = await upload('batch', 'operator', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.json.errors).toEqual([{ path: 'file', message: 'The file is empty.' }]);
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1 - PDF.length)]);
    const tooBig = await upload('batch', 'operator', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json).toMatchObject({ code: 'payload_too_large', errors: [{ path: 'file' }] });
    const form = new FormData();
    form.append('document', new Blob([PDF]), 'coa.pdf');
    const wrongField = await upload('batch', 'operator', form);
    expect(wrongField.status).toBe(400);
    expect(wrongField.json.errors[0].path).toBe('file');
    const badName = await upload('batch', 'operator', PDF, { fileName: 'x'.repeat(201) });
    expect(badName.status).toBe(400);
    expect(badName.json.errors[0].path).toBe('query.fileName');
    expect(await counts()).toEqual(before);
  });

  it('take a file of exactly 10 MiB', async () => {
    const exact = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES - PDF.length)]);
    const res = await upload('batch', 'operator', exact, { fileName: 'scan.pdf' });
    expect(res.status).toBe(201);
    expect(res.json.size).toBe(MAX_ATTACHMENT_BYTES);
    const file = await download('viewer', res.json.id);
    expect(file.bytes.length).toBe(MAX_ATTACHMENT_BYTES);
  });

  it('are refused to roles without the permission before the file is judged, writing nothing', async () => {
    const before = await counts();
    for (const [kind, role, body] of [
      ['batch', 'viewer', PDF],
      ['batch', 'qa', PDF],
      ['inspection', 'viewer', GIF],
      ['inspection', 'manager', Buffer.alloc(MAX_ATTACHMENT_BYTES + 10)],
    ] as const) {
      const res = await upload(kind, role, body);
      expect(res.status, `${kind} ${role}`).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });

  it('of another tenant are 404: its record, its path (even with a too large file) and its files', async () => {
    const before = await counts();
    expect((await upload('batch', 'operator', PDF, { id: otherBatchId })).status).toBe(404);
    const stranger = await upload('batch', 'admin', Buffer.alloc(MAX_ATTACHMENT_BYTES + 10), { tenant: other, id: otherBatchId, as: t });
    expect(stranger.status).toBe(404);
    expect(stranger.json.code).toBe('not_found');
    expect((await listAttachments('batch', 'viewer', otherBatchId)).status).toBe(404);
    const theirs = await upload('batch', 'operator', PDF, { tenant: other, as: other, id: otherBatchId });
    expect(theirs.status).toBe(201);
    expect((await download('admin', theirs.json.id)).status).toBe(404);
    expect((await download('admin', theirs.json.id, other)).status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('are never changed or deleted by the runtime role', async () => {
    expect(await dbErrorOf(withTenant(t.id, (tx) => tx.delete(recordAttachments)))).toMatch(/permission denied/);
    expect(await dbErrorOf(withTenant(t.id, (tx) => tx.delete(recordNotes)))).toMatch(/permission denied/);
    expect(await dbErrorOf(withTenant(t.id, (tx) => tx.update(recordNotes).set({ body: 'edited' })))).toMatch(/permission denied/);
    expect(await dbErrorOf(withTenant(t.id, (tx) => tx.update(recordAttachments).set({ fileName: 'renamed.pdf' })))).toMatch(
      /permission denied/,
    );
  });
});
