import { describe, expect, it } from 'vitest';
import { accepts, bodyFieldVariants, type JsonSchema, queryVariants, SQL_PAYLOAD } from '../support/sweep-bad-input';
import { API_MD_ROLES, parseRoleTable } from '../support/api-md-roles';

// The sweeps are only as strict as their generators: these pin what they call "must be refused".
const schema: JsonSchema = {
  type: 'object',
  properties: {
    code: { type: 'string', pattern: '^[A-Z]{1,5}$' },
    note: { anyOf: [{ type: 'string', maxLength: 500 }, { type: 'null' }] },
    count: { type: 'integer', minimum: 1, maximum: 10 },
    tags: { type: 'array', items: { type: 'string', maxLength: 10 } },
    signature: {
      type: 'object',
      properties: { password: { type: 'string', minLength: 1 } },
      required: ['password'],
      additionalProperties: false,
    },
  },
  required: ['code', 'count'],
  additionalProperties: false,
};
const base = { code: 'ABC', count: 2, tags: ['a'], signature: { password: 'x' } };

describe('accepts (the JSON Schema subset of the OpenAPI document)', () => {
  it('checks types, ranges, lengths, patterns, required and unknown fields', () => {
    expect(accepts(schema, base)).toBe(true);
    expect(accepts(schema, { ...base, count: 11 })).toBe(false);
    expect(accepts(schema, { ...base, count: 1.5 })).toBe(false);
    expect(accepts(schema, { ...base, code: 'abc' })).toBe(false);
    expect(accepts(schema, { ...base, note: null })).toBe(true);
    expect(accepts(schema, { ...base, note: 'n'.repeat(501) })).toBe(false);
    expect(accepts(schema, { ...base, extra: 1 })).toBe(false);
    expect(accepts(schema, { code: 'ABC' })).toBe(false);
    expect(accepts(schema, { ...base, tags: ['x'.repeat(11)] })).toBe(false);
    expect(accepts(schema, { ...base, signature: {} })).toBe(false);
  });
});

describe('bodyFieldVariants', () => {
  const variants = bodyFieldVariants(schema, base);
  const expectOf = (name: string) => variants.find((v) => v.name === name)?.expect;

  it('refuses what the schema cannot accept, naming the field, and lets valid payloads through', () => {
    expect(expectOf('code: wrong type (integer)')).toEqual({ kind: 'reject', field: 'code' });
    expect(expectOf('code: missing')).toEqual({ kind: 'reject', field: 'code' });
    expect(expectOf('code: SQL payload')).toEqual({ kind: 'reject', field: 'code' });
    expect(expectOf('note: null')).toEqual({ kind: 'maybe' });
    expect(expectOf('note: SQL payload')).toMatchObject({ kind: 'maybe', payload: expect.stringContaining(SQL_PAYLOAD) });
    expect(expectOf('note: huge string (1000000 characters)')).toEqual({ kind: 'reject', field: 'note' });
    expect(expectOf('count: 1.5')).toEqual({ kind: 'reject', field: 'count' });
    expect(expectOf('tags.0: wrong type (integer)')).toEqual({ kind: 'reject', field: 'tags.0' });
    expect(expectOf('signature.password: missing')).toEqual({ kind: 'reject', field: 'signature.password' });
    expect(expectOf('unknown field signature.zzUnknownField')).toEqual({ kind: 'reject', field: 'signature.zzUnknownField' });
    expect(expectOf('unknown field zzUnknownField')).toEqual({ kind: 'reject', field: 'zzUnknownField' });
    // Sent as text: the test process could not stringify 10,000 levels itself.
    const deep = variants.find((v) => v.name === 'note: 10000 levels of arrays')!;
    expect(deep.expect).toEqual({ kind: 'reject', field: 'note' });
    expect(typeof deep.rawBody === 'string' ? deep.rawBody : '').toContain('[[[[');
  });

  it('coerces query values as the routes do', () => {
    const query = queryVariants([{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } }], {});
    expect(query.find((v) => v.name === 'query.limit: zero')!.expect).toEqual({ kind: 'reject', field: 'query.limit' });
    expect(query.find((v) => v.name === 'query.limit: wrong type')!.expect).toEqual({ kind: 'reject', field: 'query.limit' });
  });
});

describe('parseRoleTable', () => {
  it('expands "everything except" and "every *.read"', () => {
    const parsed = parseRoleTable(
      'Catalog: `a.read a.write b.read`\n\n| role | permissions |\n| --- | --- |\n| x | everything except `a.write` |\n| y | every `*.read`, `a.write` |\n',
    );
    expect(parsed.roles).toEqual({ x: ['a.read', 'b.read'], y: ['a.read', 'a.write', 'b.read'] });
    expect(API_MD_ROLES.roles.viewer).toEqual(['batches.read', 'inspections.read', 'serials.read', 'sites.read']);
  });
});
