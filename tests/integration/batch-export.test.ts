import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import * as exportRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/export/route';
import * as batchAttachmentsRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/attachments/route';
import * as batchNotesRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/notes/route';
import { getDb } from '@/db/client';
import { auditEvents, batches } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { anotherMember, api, giveTestPasswords, newBatch, readyBatch, sign, type Role } from '../support/quality';
import { pdfText } from '../support/pdf-text';

let t: TestTenant;
let other: TestTenant;
let batchId: string;
let batchNumber: string;

beforeAll(async () => {
  t = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers();
  await giveTestPasswords(t);
  batchId = await readyBatch(t); // produced by the operator, inspected by the admin, approved by a second QA person
  batchNumber = (await api.getBatch(t, 'viewer', batchId)).json.batchNumber;
  const released = await api.transition(t, 'qa', batchId, { to: 'released', reason: 'Meets specification', signature: sign('released') });
  expect(released.status).toBe(200);
  const note = await call(batchNotesRoute.POST, {
    method: 'POST',
    params: { tenant: t.slug, id: batchId },
    cookie: t.users.operator.cookie,
    body: { body: 'Line clearance done before start.' },
  });
  expect(note.status).toBe(201);
  const file = await call(batchAttachmentsRoute.POST, {
    method: 'POST',
    params: { tenant: t.slug, id: batchId },
    cookie: t.users.operator.cookie,
    rawBody: Buffer.from('%PDF-1.4\n%%EOF\n'),
    url: 'http://localhost/api/test?fileName=coa.pdf',
  });
  expect(file.status).toBe(201);
});

async function exportAs(role: Role, format: string, id = batchId, tenant = t, as = t) {
  const response = await exportRoute.GET(
    new Request(`http://localhost/api/test?format=${format}`, { headers: { cookie: as.users[role].cookie } }),
    { params: Promise.resolve({ tenant: tenant.slug, id }) },
  );
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('batch record export', () => {
  it('as JSON holds the batch, its inspections, signatures with valid flags, notes, files and the audit history', async () => {
    const res = await exportAs('viewer', 'json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="batch-record-${batchNumber.replace(/[^A-Za-z0-9._-]+/g, '_')}.json"`,
    );
    const record = JSON.parse(res.bytes.toString('utf8'));
    expect(record).toMatchObject({
      format: 'custos.batch-record/1',
      exportedBy: { id: t.users.viewer.id },
      tenant: { slug: t.slug },
      batch: { id: batchId, batchNumber, status: 'released' },
      recordHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      omitted: [],
    });
    expect(record.batch.signatures).toEqual([
      expect.objectContaining({
        signer: { id: t.users.qa.id, name: t.users.qa.name },
        meaning: 'released',
        valid: true,
        recordHash: record.recordHash,
      }),
    ]);
    expect(record.inspections).toHaveLength(1);
    const reviewer = await anotherMember(t, 'qa');
    expect(record.inspections[0]).toMatchObject({
      type: 'release',
      result: 'pass',
      status: 'approved',
      performedBy: { id: t.users.admin.id },
      signatures: [expect.objectContaining({ signer: { id: reviewer.id, name: reviewer.name }, meaning: 'approved', valid: true })],
    });
    expect(record.notes).toEqual([
      expect.objectContaining({
        body: 'Line clearance done before start.',
        author: { id: t.users.operator.id, name: t.users.operator.name },
      }),
    ]);
    expect(record.attachments).toEqual([expect.objectContaining({ fileName: 'coa.pdf', contentType: 'application/pdf' })]);
    expect(record.attachments[0]).not.toHaveProperty('data');

    const actions = record.history.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'batch.created',
        'batch.production_started',
        'batch.submitted_for_review',
        'batch.released',
        'note.added',
        'attachment.added',
      ]),
    );
    expect(record.history.some((e: { targetType: string }) => e.targetType === 'inspection')).toBe(true);
    expect(record.history.map((e: { seq: number }) => e.seq)).toEqual(
      [...record.history.map((e: { seq: number }) => e.seq)].sort((a, b) => a - b),
    );
    expect(record.history[0]).not.toHaveProperty('ip');
    expect(record.history[0]).not.toHaveProperty('userAgent');

    const events = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'batch.exported'), eq(auditEvents.targetId, batchId))),
    );
    expect(events.some((e) => e.actorId === t.users.viewer.id && (e.after as { format: string }).format === 'json')).toBe(true);
  });

  it('shows a signature as no longer valid once the record changes (behind the application: a released batch takes no corrections)', async () => {
    const id = await readyBatch(t);
    expect((await api.transition(t, 'qa', id, { to: 'released', reason: 'Meets specification', signature: sign('released') })).status).toBe(
      200,
    );
    expect((await api.updateBatch(t, 'operator', id, { plannedQuantity: 12345, reason: 'Counted again' })).status).toBe(409);
    await (await getDb()).update(batches).set({ plannedQuantity: 12345 }).where(eq(batches.id, id));
    const record = JSON.parse((await exportAs('qa', 'json', id)).bytes.toString('utf8'));
    expect(record.batch.signatures).toEqual([expect.objectContaining({ meaning: 'released', valid: false })]);
    expect(record.batch.signatures[0].recordHash).not.toBe(record.recordHash);
  });

  it('as PDF is an A4 document with the batch number and the signers’ printed names', async () => {
    const res = await exportAs('operator', 'pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="batch-record-.*\.pdf"$/);
    expect(res.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(res.bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(doc.getTitle()).toBe(`Batch record ${batchNumber}`);
    const text = await pdfText(res.bytes);
    expect(text).toContain(`Batch ${batchNumber}`);
    expect(text).toContain(t.users.qa.name);
    expect(text).toContain('released');
    expect(text).toContain('approved');
    expect(text).toContain('Line clearance done before start.');
    expect(text).toContain('batch.released');
    expect(text).toMatch(/Page 1 of \d+/);
  });

  it('refuses an unknown format naming query.format, and another tenant’s batch is 404', async () => {
    const bad = await exportAs('viewer', 'docx');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.bytes.toString('utf8')).errors[0].path).toBe('query.format');
    const theirs = await newBatch(other);
    expect((await exportAs('admin', 'json', theirs)).status).toBe(404);
    expect((await exportAs('admin', 'pdf', theirs, other, t)).status).toBe(404); // our admin on their path
    expect((await exportAs('admin', 'pdf', theirs, other, other)).status).toBe(200);
  });
});
