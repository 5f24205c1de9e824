import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as openApiGet } from '@/app/api/openapi.json/route';
import { drainSerialJobs } from '@/lib/serials/start-serial-job';
import { API_MD_ROLES } from '../support/api-md-roles';
import { unlistedStatus } from '../support/documented-statuses';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, type TestUser } from '../support/fixtures';
import { giveTestPasswords } from '../support/quality';
// The operations are read from the registry (the document is generated from it; the first test checks they agree).
import { allOps, fixtureOf, type Operation, type Prepared, ROLES } from '../support/route-fixtures';
import {
  accepts,
  bodyFieldVariants,
  headerVariants,
  type JsonSchema,
  type Parameter,
  pathVariants,
  queryVariants,
  uploadVariants,
  type Variant,
  wholeBodyVariants,
} from '../support/sweep-bad-input';
import { countChanges, rowCounts, rowsContaining } from '../support/sweep-rows';

/**
 * The bad-input sweep of issue 9, driven by /api/openapi.json itself: for every operation with a request body,
 * query or path parameters, malformed variants generated from its schemas (tests/support/sweep-bad-input.ts says
 * which must be 400 naming the field, which are 413/415/404, and which are valid input that may be accepted),
 * sent as a caller who may make the request (the role holding the permission in API.md's table; a fresh
 * signed-in person for account routes; a platform administrator for platform routes; nobody for public ones).
 * Pass: no response ≥ 500, every error problem+json, every 400 naming a field (the expected one where the schema
 * says so), an accepted SQL or HTML payload stored verbatim, and the row count of every table unchanged by the
 * variants that must be refused. Prints the requests tried per operation.
 */
type Doc = {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>>;
};

let doc: Doc;
let acme: TestTenant;
const report: string[] = [];
let total = 0;
const totals: Record<number, number> = {};

beforeAll(async () => {
  acme = await createTenantWithMembers('enterprise');
  await giveTestPasswords(acme);
  doc = await openApiGet().json();
});

afterAll(() => {
  const statuses = Object.entries(totals)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  console.log(`bad-input sweep:\n${report.join('\n')}\nTOTAL: ${report.length} operations, ${total} requests, statuses {${statuses}}`);
});

const documented = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => ({ key: `${m.toUpperCase()} ${path}`, path, method: m })),
  );

async function callerFor(op: Operation, prepared: () => Promise<Prepared>): Promise<{ user: TestUser | null; access: string }> {
  const access = op.spec.access;
  if (op.tenantScoped) {
    const needed = (await prepared()).access ?? access;
    const role = ROLES.find((r) => needed === 'member' || API_MD_ROLES.roles[r].includes(needed))!;
    return { user: acme.users[role], access: needed };
  }
  if (access === 'public') return { user: null, access };
  const user = await createUserWithSession('sweep', { platformAdmin: access === 'platform_admin' });
  await giveTestPasswords({ ...acme, users: { ...acme.users, admin: user } });
  return { user, access };
}

/** Make the request a variant describes over the fixture's valid one. */
function send(op: Operation, base: Prepared, v: Variant, caller: TestUser | null) {
  const params = { ...(op.tenantScoped ? { tenant: acme.slug } : {}), ...base.params, ...v.params };
  const query = v.query ?? base.query;
  const headers: Record<string, string> = {
    // One client address per request: rate limits by address must not answer 429 for what is a 400.
    'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
    ...v.headers,
  };
  const url = query
    ? `http://localhost/api/test?${new URLSearchParams(Object.entries(query).flatMap(([k, vals]) => (Array.isArray(vals) ? vals : [vals]).map((x) => [k, x])))}`
    : undefined;
  const bodyless = op.spec.method === 'GET';
  const rawBody = bodyless ? undefined : (v.rawBody ?? ('body' in v ? undefined : base.rawBody));
  const body = bodyless || v.rawBody !== undefined ? undefined : 'body' in v ? v.body : base.body;
  return call(op.handler, { method: op.spec.method, params, url, cookie: caller?.cookie, headers, body, rawBody });
}

/** Passwords and tokens: an accepted one must be stored nowhere as sent (hashes only). */
const SECRET_FIELDS = /(^|\.)(password|currentPassword|newPassword|token|refreshToken)$/;
/** Accepted free text that is a question, not a record: answered, never stored. */
const NOT_STORED = new Set([
  'POST /api/v1/tenants/{tenant}/authorize permission',
  'POST /api/v1/tenants/{tenant}/authorize system',
  // Bulk invitations answer 200 with a result per address; one that is not an email is reported there, never stored.
  'POST /api/v1/tenants/{tenant}/invitations/bulk emails.0',
]);

/** A response body as the sweep reads it: a problem's `code` and field `errors`, when it is one. */
type Answer = { code?: unknown; errors?: Array<{ path?: string }> } | null | undefined;

const names = (json: Answer, field: string) =>
  Array.isArray(json?.errors) && json.errors.some((e: { path?: string }) => e.path === field || e.path?.startsWith(`${field}.`));

/** What is wrong with a response to a variant, or null. */
async function verdict(key: string, v: Variant, res: { status: number; headers: Headers; json: Answer }): Promise<string | null> {
  const detail = `${res.status} ${JSON.stringify(res.json)?.slice(0, 300)}`;
  if (res.status >= 500) return `answered ${detail}`;
  const unlisted = await unlistedStatus(key, res.status);
  if (unlisted) return `${unlisted}: ${detail}`;
  if (res.status >= 400) {
    if (!res.headers.get('content-type')?.startsWith('application/problem+json') || typeof res.json?.code !== 'string')
      return `error not problem+json: ${detail}`;
    if (
      res.status === 400 &&
      !(Array.isArray(res.json?.errors) && res.json.errors.length > 0 && res.json.errors.every((e) => typeof e.path === 'string' && e.path))
    ) {
      return `400 without field errors: ${detail}`;
    }
  }
  const e = v.expect;
  switch (e.kind) {
    case 'reject':
      return res.status === 400 && names(res.json, e.field) ? null : `expected 400 naming ${e.field}, got ${detail}`;
    case 'status':
      if (!e.statuses.includes(res.status)) return `expected ${e.statuses.join('/')}, got ${detail}`;
      return e.field && res.status === 400 && !names(res.json, e.field) ? `expected the error to name ${e.field}, got ${detail}` : null;
    case 'path':
      return res.status === 404 || (res.status === 400 && names(res.json, e.field))
        ? null
        : `expected 404 or 400 naming ${e.field}, got ${detail}`;
    case 'maybe':
      if (res.status < 300 && e.payload && v.field && SECRET_FIELDS.test(v.field)) {
        const stored = await rowsContaining(e.payload);
        return Object.keys(stored).length > 0 ? `a secret was stored as sent, in ${Object.keys(stored).join(', ')}` : null;
      }
      if (res.status < 300 && e.payload && v.field && NOT_STORED.has(`${key} ${v.field}`)) return null;
      if (res.status < 300 && e.payload) {
        const escaped = e.payload.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
        const stored = { ...(await rowsContaining(e.payload)), ...(await rowsContaining(escaped)) };
        if (Object.keys(stored).length === 0) return `accepted (${res.status}) but the payload is stored nowhere verbatim or escaped`;
      }
      return null;
  }
}

function variantsOf(op: Operation, base: Prepared, path: string, method: string): Variant[] {
  const operation = doc.paths[path][method];
  const parameters = (operation.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
  const content = operation.requestBody?.content ?? {};
  const json = content['application/json']?.schema;
  const pathParams = { ...(op.tenantScoped ? { tenant: acme.slug } : {}), ...base.params };
  const headers = (operation.parameters ?? []).filter((p) => p.in === 'header');
  const variants = [...pathVariants(parameters, pathParams), ...headerVariants(headers)];
  if (parameters.some((p) => p.in === 'query')) variants.push(...queryVariants(parameters, base.query ?? {}));
  // No query parameters: one the route does not know is ignored (or refused naming it), never a 5xx.
  else variants.push({ name: 'unknown query parameter', query: { ...base.query, zzUnknownParam: '1' }, expect: { kind: 'maybe' } });
  if (json) variants.push(...bodyFieldVariants(json, base.body), ...wholeBodyVariants(base.body, json));
  else if (Object.keys(content).length > 0) variants.push(...uploadVariants());
  else if (method !== 'get' && !op.spec.rawBody) {
    variants.push({
      name: 'a body where none is taken',
      body: { unexpected: true },
      expect: { kind: 'status', statuses: [400], field: '(body)' },
    });
  }
  return variants;
}

describe('bad-input sweep over /api/openapi.json', () => {
  it('the document lists exactly the registered operations', () => {
    expect(
      documented()
        .map((d) => d.key)
        .sort(),
    ).toEqual(allOps.map((o) => o.key).sort());
  });

  it.each(allOps.map((o) => [o.key, o] as const))('%s', async (key, op) => {
    const path = op.spec.path;
    const method = op.spec.method.toLowerCase();
    const fixture = fixtureOf(op);
    let callerUser: TestUser | null = null;
    const prepare = async () => {
      const prepared = await fixture(acme, callerUser ?? acme.users.admin);
      await drainSerialJobs();
      return prepared;
    };
    const { user } = await callerFor(op, () => fixture(acme, acme.users.admin));
    callerUser = user;
    const base = await prepare();
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    const tally = (status: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      totals[status] = (totals[status] ?? 0) + 1;
    };
    const variants = variantsOf(op, base, path, method);
    const schema = doc.paths[path][method].requestBody?.content?.['application/json']?.schema;
    if (schema && !accepts(schema, base.body))
      failures.push(`the fixture's body does not satisfy the document's schema: ${JSON.stringify(base.body)}`);

    // Must be refused: nothing written, checked on every table.
    const before = await rowCounts();
    for (const v of variants.filter((x) => x.expect.kind !== 'maybe')) {
      const res = await send(op, base, v, callerUser);
      tally(res.status);
      const wrong = await verdict(key, v, res);
      if (wrong) failures.push(`${v.name}: ${wrong}`);
    }
    await drainSerialJobs();
    const written = countChanges(before, await rowCounts());
    if (written.length) failures.push(`refused requests wrote rows: ${written.join(', ')}`);

    // Valid input the schema accepts: no 5xx, and an accepted payload stored as sent. Creations get a fresh
    // fixture each, so a first accepted payload does not turn the next into a uniqueness conflict.
    for (const name of variants.filter((x) => x.expect.kind === 'maybe').map((x) => x.name)) {
      const fresh = op.spec.method === 'POST' || op.spec.method === 'PUT' ? await prepare() : base;
      const v = fresh === base ? variants.find((x) => x.name === name)! : variantsOf(op, fresh, path, method).find((x) => x.name === name)!;
      const res = await send(op, fresh, v, callerUser);
      tally(res.status);
      const wrong = await verdict(key, v, res);
      if (wrong) failures.push(`${v.name}: ${wrong}`);
    }
    await drainSerialJobs();

    const count = Object.values(statuses).reduce((a, b) => a + b, 0);
    total += count;
    report.push(
      `${key}: ${count} requests, statuses {${Object.entries(statuses)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ')}}`,
    );
    expect(failures).toEqual([]);
  });
});
