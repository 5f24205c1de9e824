import { beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithMembers, type TestTenant, unique } from '../support/fixtures';
import { api, batchBody, newSite } from '../support/quality';

let t: TestTenant;
let other: TestTenant;
let siteId: string;
const tag = unique().toUpperCase();
const numbers = {
  percent: `P${tag}%1`,
  underscore: `U${tag}_1`,
  plain: `P${tag}X1`,
  other: `Q${tag}Z9`,
};

beforeAll(async () => {
  t = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers();
  siteId = await newSite(t);
  const otherSite = await newSite(other);
  for (const [key, batchNumber] of Object.entries(numbers)) {
    const productName = key === 'other' ? `Ibuprofen ${tag} 400 mg` : 'Paracetamol 500 mg';
    const res = await api.createBatch(t, 'operator', batchBody(siteId, { batchNumber, productName }));
    expect(res.status).toBe(201);
  }
  // The same words in another tenant never show.
  expect(
    (await api.createBatch(other, 'operator', batchBody(otherSite, { batchNumber: `P${tag}Y1`, productName: `Ibuprofen ${tag}` }))).status,
  ).toBe(201);
});

const search = async (q: string, extra = '') => {
  const res = await api.listBatches(t, 'viewer', `?q=${encodeURIComponent(q)}${extra}`);
  expect(res.status).toBe(200);
  return (res.json.data as Array<{ batchNumber: string }>).map((b) => b.batchNumber).sort();
};

describe('batch search (?q=)', () => {
  it('matches part of the batch number, any case', async () => {
    expect(await search(`p${tag.toLowerCase()}`)).toEqual([numbers.percent, numbers.plain].sort());
    expect(await search(tag)).toEqual(Object.values(numbers).sort());
  });

  it('matches part of the product name, any case', async () => {
    expect(await search(`ibuPROFEN ${tag}`)).toEqual([numbers.other]);
  });

  it('takes % and _ literally', async () => {
    expect(await search(`${tag}%`)).toEqual([numbers.percent]);
    expect(await search(`${tag}_`)).toEqual([numbers.underscore]);
    expect(await search('%')).toEqual([numbers.percent]);
  });

  it('combines with the status filter and the cursor', async () => {
    expect(await search(tag, '&status=released')).toEqual([]);
    const first = await api.listBatches(t, 'viewer', `?q=${tag}&limit=3`);
    expect(first.json.data).toHaveLength(3);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await api.listBatches(t, 'viewer', `?q=${tag}&limit=3&cursor=${encodeURIComponent(first.json.nextCursor)}`);
    expect(second.json.data).toHaveLength(1);
    expect(second.json.nextCursor).toBeNull();
  });

  it('refuses a search over 200 characters, naming query.q', async () => {
    const res = await api.listBatches(t, 'viewer', `?q=${'a'.repeat(201)}`);
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'query.q' })]);
  });
});
