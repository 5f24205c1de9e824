import { and, count, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as accessReviewAttachments from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/attachments/route';
import * as accessReviewNotes from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/notes/route';
import * as attachmentRoute from '@/app/api/v1/tenants/[tenant]/attachments/[id]/route';
import * as memberAttachments from '@/app/api/v1/tenants/[tenant]/members/[id]/attachments/route';
import * as memberNotes from '@/app/api/v1/tenants/[tenant]/members/[id]/notes/route';
import * as noteRoute from '@/app/api/v1/tenants/[tenant]/notes/[noteId]/route';
import * as noteVersionsRoute from '@/app/api/v1/tenants/[tenant]/notes/[noteId]/versions/route';
import * as siteAttachments from '@/app/api/v1/tenants/[tenant]/sites/[id]/attachments/route';
import * as siteNotes from '@/app/api/v1/tenants/[tenant]/sites/[id]/notes/route';
import * as systemAttachments from '@/app/api/v1/tenants/[tenant]/systems/[slug]/attachments/route';
import * as systemNotes from '@/app/api/v1/tenants/[tenant]/systems/[slug]/notes/route';
import * as teamAttachments from '@/app/api/v1/tenants/[tenant]/teams/[id]/attachments/route';
import * as teamNotes from '@/app/api/v1/tenants/[tenant]/teams/[id]/notes/route';
import { getDb } from '@/db/client';
import { auditEvents, recordAttachments, recordNotes } from '@/db/schema';
import { MAX_ATTACHMENT_BYTES, NOTE_RECORD_TYPES } from '@/db/schema/notes';
import { DEFAULT_ROLES } from '@/lib/access/permissions';
import { mayEditNote } from '@/lib/records/notes-policy';
import { RECORD_PERMISSIONS, RECORD_TYPES, type RecordType } from '@/lib/records/record-ref';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { dbErrorOf } from '../support/db-error';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import type { Role } from '../support/quality';
import { freshCampaign, freshMember, freshSite, freshSystem, freshTeam } from '../support/route-fixtures';

/**
 * Notes and attachments on members, sites, systems, teams and access reviews (issue 21), through their routes: the
 * record's read and add permissions for every default role, another tenant's record 404, bad input 400 with nothing
 * written, files too large or of a refused type; edits are new versions (never an overwrite, also at the database),
 * who may edit; a file uploaded again under its name is its next version with the older one still downloadable.
 * Batches and inspections: tests/integration/notes-attachments.test.ts; every route × role: permission-matrix.
 */

type Kind = Exclude<RecordType, 'batch' | 'inspection'>;
const KINDS: Kind[] = ['member', 'site', 'system', 'team', 'access_review'];
const ROUTES = {
  member: { notes: memberNotes, attachments: memberAttachments, param: 'id' },
  site: { notes: siteNotes, attachments: siteAttachments, param: 'id' },
  system: { notes: systemNotes, attachments: systemAttachments, param: 'slug' },
  team: { notes: teamNotes, attachments: teamAttachments, param: 'id' },
  access_review: { notes: accessReviewNotes, attachments: accessReviewAttachments, param: 'id' },
} as const;
const FRESH: Record<Kind, (t: TestTenant) => Promise<string>> = {
  member: (t) => freshMember(t),
  site: freshSite,
  system: freshSystem,
  team: freshTeam,
  access_review: freshCampaign,
};
const ROLES: Role[] = ['admin', 'manager', 'qa', 'operator', 'viewer'];
const holds = (role: Role, permission: string) =>
  (DEFAULT_ROLES.find((r) => r.name === role)!.permissions as readonly string[]).includes(permission);

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const PDF2 = Buffer.from('%PDF-1.7\n% second issue\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

let t: TestTenant;
let other: TestTenant;
const ids = {} as Record<Kind, string>;
const otherIds = {} as Record<Kind, string>;

beforeAll(async () => {
  t = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers('enterprise');
  for (const kind of KINDS) {
    ids[kind] = await FRESH[kind](t);
    otherIds[kind] = await FRESH[kind](other);
  }
});

const paramsOf = (kind: Kind, id: string, tenant: TestTenant) => ({ tenant: tenant.slug, [ROUTES[kind].param]: id });
const addNote = (kind: Kind, role: Role, body: unknown, options: { id?: string; as?: TestTenant } = {}) =>
  call(ROUTES[kind].notes.POST, {
    method: 'POST',
    params: paramsOf(kind, options.id ?? ids[kind], t),
    cookie: (options.as ?? t).users[role].cookie,
    body,
  });
const listNotes = (kind: Kind, role: Role, id = ids[kind]) =>
  call(ROUTES[kind].notes.GET, { params: paramsOf(kind, id, t), cookie: t.users[role].cookie });
const upload = (kind: Kind, role: Role, bytes: BodyInit, fileName: string, id = ids[kind]) =>
  call(ROUTES[kind].attachments.POST, {
    method: 'POST',
    params: paramsOf(kind, id, t),
    cookie: t.users[role].cookie,
    rawBody: bytes,
    url: `http://localhost/api/test?fileName=${encodeURIComponent(fileName)}`,
  });
const listAttachments = (kind: Kind, role: Role, id = ids[kind]) =>
  call(ROUTES[kind].attachments.GET, { params: paramsOf(kind, id, t), cookie: t.users[role].cookie });
const editNote = (role: Role, noteId: string, body: unknown, tenant = t) =>
  call(noteRoute.PATCH, { method: 'PATCH', params: { tenant: tenant.slug, noteId }, cookie: t.users[role].cookie, body });
const versions = (role: Role, noteId: string) =>
  call(noteVersionsRoute.GET, { params: { tenant: t.slug, noteId }, cookie: t.users[role].cookie });
async function download(role: Role, id: string) {
  const response = await attachmentRoute.GET(new Request('http://localhost/api/test', { headers: { cookie: t.users[role].cookie } }), {
    params: Promise.resolve({ tenant: t.slug, id }),
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}
const counts = () =>
  withTenant(t.id, async (tx) => ({
    notes: (await tx.select({ n: count() }).from(recordNotes))[0].n,
    attachments: (await tx.select({ n: count() }).from(recordAttachments))[0].n,
  }));

describe('the record types', () => {
  it('of the schema are the record types of lib/records/record-ref.ts', () => {
    expect([...NOTE_RECORD_TYPES]).toEqual([...RECORD_TYPES]);
  });
});

describe.each(KINDS)('notes and attachments on a %s', (kind) => {
  const { read, add } = RECORD_PERMISSIONS[kind];

  it(`are read with ${read} and added with ${add}, for each default role; audited with the record`, async () => {
    const recordId = kind === 'system' ? undefined : ids[kind];
    for (const role of ROLES) {
      const before = await counts();
      const added = await addNote(kind, role, { body: `A note by ${role}.`, priority: 'high' });
      const attached = await upload(kind, role, PDF, `${role}.pdf`);
      if (holds(role, add)) {
        expect(added.status, `${role} note`).toBe(201);
        expect(added.json).toMatchObject({ recordType: kind, body: `A note by ${role}.`, priority: 'high', version: 1, edited: false });
        if (recordId) expect(added.json.recordId).toBe(recordId);
        expect(attached.status, `${role} file`).toBe(201);
        expect(attached.json).toMatchObject({ recordType: kind, fileName: `${role}.pdf`, version: 1, previousVersions: [] });
      } else {
        expect([added.status, attached.status], role).toEqual([403, 403]);
        expect(await counts()).toEqual(before);
      }
      const notes = await listNotes(kind, role);
      const files = await listAttachments(kind, role);
      expect([notes.status, files.status], `${role} reads`).toEqual(holds(role, read) ? [200, 200] : [403, 403]);
    }
    const notes = (await listNotes(kind, 'admin')).json.data as { body: string; author: { id: string } }[];
    const writers = ROLES.filter((r) => holds(r, add));
    expect(notes.map((n) => n.body)).toEqual(writers.map((r) => `A note by ${r}.`).reverse());
    const [event] = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'note.added'), eq(auditEvents.actorId, t.users.admin.id), eq(auditEvents.targetType, kind))),
    );
    expect(event.after).toMatchObject({ body: 'A note by admin.', priority: 'high' });
    const files = await withTenant(t.id, (tx) =>
      tx
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'attachment.added'), eq(auditEvents.targetType, kind))),
    );
    expect(files[0].n).toBe(writers.length);
  });

  it('of another tenant are 404, and nothing is written', async () => {
    const before = await counts();
    const note = await addNote(kind, 'admin', { body: 'Into the wrong tenant.' }, { id: otherIds[kind] });
    const file = await upload(kind, 'admin', PDF, 'wrong.pdf', otherIds[kind]);
    const list = await listNotes(kind, 'admin', otherIds[kind]);
    expect([note.status, file.status, list.status]).toEqual([404, 404, 404]);
    expect(note.json.code).toBe('not_found');
    expect(await counts()).toEqual(before);
  });

  it('refuse bad input with 400 naming the field, a refused file type and a file too large, writing nothing', async () => {
    const before = await counts();
    const empty = await addNote(kind, 'admin', { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.json.errors.map((e: { path: string }) => e.path)).toEqual(['body']);
    const priority = await addNote(kind, 'admin', { body: 'Fine text.', priority: 'urgent' });
    expect(priority.status).toBe(400);
    expect(priority.json.errors.map((e: { path: string }) => e.path)).toEqual(['priority']);
    const extra = await addNote(kind, 'admin', { body: 'Fine text.', pinned: true });
    expect(extra.status).toBe(400);
    const gif = await upload(kind, 'admin', GIF, 'photo.gif');
    expect(gif.status).toBe(400);
    expect(gif.json.errors[0]).toMatchObject({ path: 'file', message: expect.stringContaining('GIF') });
    const big = await upload(kind, 'admin', Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES)]), 'huge.pdf');
    expect(big.status).toBe(413);
    expect(big.json.code).toBe('payload_too_large');
    expect(await counts()).toEqual(before);
  });
});

describe('editing a note', () => {
  let noteId: string;

  beforeAll(async () => {
    // A note on a site by the manager (who holds sites.manage).
    const res = await addNote('site', 'manager', { body: 'Gowning room door sticks.', priority: 'normal' });
    expect(res.status).toBe(201);
    noteId = res.json.id;
  });

  it('adds the next version, keeps the old ones readable, lists the latest marked edited, and audits note.edited', async () => {
    const edited = await editNote('admin', noteId, { body: 'Gowning room door sticks; maintenance called.', priority: 'high' });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({
      id: noteId,
      version: 2,
      edited: true,
      body: 'Gowning room door sticks; maintenance called.',
      priority: 'high',
      author: { id: t.users.manager.id },
      editedBy: { id: t.users.admin.id },
      editedAt: expect.stringMatching(/Z$/),
    });
    // The author again; priority left out is kept.
    const again = await editNote('manager', noteId, { body: 'Door fixed on Tuesday.' });
    expect(again.json).toMatchObject({ version: 3, priority: 'high', editedBy: { id: t.users.manager.id } });

    const history = await versions('viewer', noteId);
    expect(history.status).toBe(200);
    expect(history.json.data.map((v: { version: number; body: string }) => [v.version, v.body])).toEqual([
      [1, 'Gowning room door sticks.'],
      [2, 'Gowning room door sticks; maintenance called.'],
      [3, 'Door fixed on Tuesday.'],
    ]);
    expect(history.json.data[0]).toMatchObject({ edited: false, editedBy: null, editedAt: null, priority: 'normal' });

    const list = (await listNotes('site', 'viewer')).json.data as { id: string; version: number; body: string }[];
    const shown = list.filter((n) => n.id === noteId);
    expect(shown).toEqual([expect.objectContaining({ version: 3, body: 'Door fixed on Tuesday.', edited: true })]);

    const rows = await withTenant(t.id, (tx) => tx.select().from(recordNotes).where(eq(recordNotes.id, noteId)));
    expect(rows.map((r) => r.body).sort()).toEqual(
      ['Door fixed on Tuesday.', 'Gowning room door sticks.', 'Gowning room door sticks; maintenance called.'].sort(),
    );

    const [event] = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'note.edited'), eq(auditEvents.actorId, t.users.admin.id), eq(auditEvents.targetType, 'site'))),
    );
    expect(event).toMatchObject({ targetId: ids.site });
    expect(event.before).toMatchObject({ version: 1, body: 'Gowning room door sticks.', priority: 'normal' });
    expect(event.after).toMatchObject({ noteId, version: 2, body: 'Gowning room door sticks; maintenance called.', priority: 'high' });
  });

  it('is for its author or a holder of the record’s add permission: others 403, nothing written', async () => {
    // Written by the viewer (sites.read only), stored as the domain would: the author may edit it, QA (not the author, no sites.manage) not.
    const [row] = await withTenant(t.id, (tx) =>
      tx
        .insert(recordNotes)
        .values({
          tenantId: t.id,
          recordType: 'site',
          recordId: ids.site,
          body: 'Viewer’s own note.',
          authorId: t.users.viewer.id,
          authorName: t.users.viewer.name,
        })
        .returning(),
    );
    const before = await counts();
    const refused = await editNote('qa', row.id, { body: 'Not mine to change.' });
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toMatch(/author/);
    expect(await counts()).toEqual(before);
    const own = await editNote('viewer', row.id, { body: 'Viewer’s own note, corrected.' });
    expect(own.status).toBe(200);
    expect(own.json.version).toBe(2);
    // Without the record's read permission even the note's versions are refused (members.read for a member note).
    const memberNote = await addNote('member', 'admin', { body: 'Access request on file.' });
    expect((await versions('operator', memberNote.json.id)).status).toBe(403);
    expect((await editNote('operator', memberNote.json.id, { body: 'x' })).status).toBe(403);

    expect(mayEditNote({ actorId: 'a', authorId: 'a', holdsAdd: false })).toBe(true);
    expect(mayEditNote({ actorId: 'b', authorId: 'a', holdsAdd: true })).toBe(true);
    expect(mayEditNote({ actorId: 'b', authorId: 'a', holdsAdd: false })).toBe(false);
    expect(mayEditNote({ actorId: null, authorId: 'a', holdsAdd: false })).toBe(false);
  });

  it('refuses bad input (400 naming the field) and another tenant’s note (404), adding no version', async () => {
    const before = await counts();
    const empty = await editNote('admin', noteId, { body: '' });
    expect(empty.status).toBe(400);
    expect(empty.json.errors.map((e: { path: string }) => e.path)).toEqual(['body']);
    const priority = await editNote('admin', noteId, { body: 'ok', priority: 'top' });
    expect(priority.json.errors.map((e: { path: string }) => e.path)).toEqual(['priority']);
    const notUuid = await editNote('admin', 'not-a-note', { body: 'ok' });
    expect(notUuid.status).toBe(400);
    const theirs = await call(siteNotes.POST, {
      method: 'POST',
      params: { tenant: other.slug, id: otherIds.site },
      cookie: other.users.admin.cookie,
      body: { body: 'Their note.' },
    });
    expect(theirs.status).toBe(201);
    const foreign = await editNote('admin', theirs.json.id, { body: 'Changed from outside.' });
    expect(foreign.status).toBe(404);
    expect((await versions('admin', theirs.json.id)).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('never overwrites: the database refuses UPDATE and DELETE to the runtime role, and UPDATE to every role', async () => {
    expect(await dbErrorOf(withTenant(t.id, (tx) => tx.update(recordNotes).set({ body: 'overwritten' })))).toMatch(/permission denied/);
    expect(await dbErrorOf(withTenant(t.id, (tx) => tx.delete(recordNotes)))).toMatch(/permission denied/);
    expect(await dbErrorOf(withTenant(t.id, (tx) => tx.update(recordAttachments).set({ fileName: 'x.pdf' })))).toMatch(/permission denied/);
    const owner = await getDb();
    expect(await dbErrorOf(owner.update(recordNotes).set({ body: 'overwritten' }).where(eq(recordNotes.id, noteId)))).toMatch(
      /never changed/,
    );
    expect(await dbErrorOf(owner.update(recordAttachments).set({ fileName: 'x.pdf' }).where(eq(recordAttachments.tenantId, t.id)))).toMatch(
      /never changed/,
    );
  });
});

describe('a file uploaded again under its name', () => {
  it('becomes its next version; the list shows the latest with the older ones, and every version downloads', async () => {
    const first = await upload('team', 'manager', PDF, 'Training record.pdf');
    const second = await upload('team', 'admin', PDF2, 'Training record.pdf');
    const elsewhere = await upload('site', 'admin', PDF2, 'Training record.pdf');
    expect([first.status, second.status, elsewhere.status]).toEqual([201, 201, 201]);
    expect(first.json.version).toBe(1);
    expect(second.json).toMatchObject({ version: 2, previousVersions: [expect.objectContaining({ id: first.json.id, version: 1 })] });
    // Another record's file of the same name is its own first version.
    expect(elsewhere.json.version).toBe(1);

    const list = (await listAttachments('team', 'qa')).json.data as {
      id: string;
      fileName: string;
      version: number;
      previousVersions: { id: string; version: number; sha256: string }[];
    }[];
    const training = list.filter((a) => a.fileName === 'Training record.pdf');
    expect(training).toHaveLength(1);
    expect(training[0]).toMatchObject({ id: second.json.id, version: 2 });
    expect(training[0].previousVersions).toEqual([expect.objectContaining({ id: first.json.id, version: 1, sha256: first.json.sha256 })]);

    expect(await download('qa', first.json.id)).toEqual({ status: 200, bytes: PDF });
    expect(await download('qa', second.json.id)).toEqual({ status: 200, bytes: PDF2 });
    // Team files need teams.read: the operator may not download them.
    expect((await download('operator', second.json.id)).status).toBe(403);

    const events = await withTenant(t.id, (tx) =>
      tx
        .select({ after: auditEvents.after })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'attachment.added'), inArray(auditEvents.targetId, [ids.team]))),
    );
    expect(events.map((e) => e.after).filter((a) => (a as { fileName?: string }).fileName === 'Training record.pdf')).toEqual([
      expect.objectContaining({ version: 1 }),
      expect.objectContaining({ version: 2 }),
    ]);
  });
});
