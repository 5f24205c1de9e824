import { randomUUID } from 'node:crypto';

/**
 * Malformed requests generated from an OpenAPI operation (issue 9's bad-input sweep). Each variant says what the
 * contract makes of it:
 * - `reject`: the operation's own JSON schema cannot accept it (wrong type, null where null is not allowed, a
 *   required field missing, an unknown field where additionalProperties is false, longer than maxLength, outside
 *   an enum, format or pattern, out of range): 400 whose `errors[].path` names `field`.
 * - `status`: the body as a whole is wrong: not JSON or not UTF-8 (400 naming `(body)`), another content type
 *   (415), over the size limit (413).
 * - `path`: a malformed or unknown path parameter: 400 naming `params.<name>`, or 404 (unknown, never revealed).
 * - `maybe`: the schema accepts it (SQL or HTML in a free-text field, a huge string with no maxLength, a NUL
 *   byte): anything but a 5xx; when it is accepted and `payload` is set, the payload must be stored verbatim
 *   (or HTML-escaped), never changed into something else.
 */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

export type Expect =
  | { kind: 'reject'; field: string }
  | { kind: 'status'; statuses: number[]; field?: string }
  | { kind: 'path'; field: string }
  | { kind: 'maybe'; payload?: string };

export type Variant = {
  name: string;
  /** The body field the variant changes, when it changes one. */
  field?: string;
  expect: Expect;
  /** Replaces the fixture's path params / query / JSON body; `rawBody` and `headers` replace the body entirely. */
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  /** False: no body at all (not even the fixture's). */
  sendBody?: boolean;
};

export const SQL_PAYLOAD = "'; drop table users; --";
export const HTML_PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(1)>';
/** Just under the 1 MiB body limit once wrapped in the rest of the body. */
export const HUGE_LENGTH = 1_000_000;
export const DEEP_LEVELS = 10_000;
export const MAX_BODY_BYTES = 1024 * 1024;

const deepText = (levels = DEEP_LEVELS) => '['.repeat(levels) + ']'.repeat(levels);
const deepArray = (levels = DEEP_LEVELS) => JSON.parse(deepText(levels)) as unknown;
const DEEP_SENTINEL = '__sweep_deep_nesting__';
const marker = () => randomUUID().slice(0, 8);
const JSON_TYPE = { 'content-type': 'application/json' };

// ── A small JSON Schema checker: the subset zod's toJSONSchema emits ────────────────────────────────────────

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether `value` satisfies `schema` (as far as the document says: refinements are not in it). */
export function accepts(schema: JsonSchema | undefined, value: unknown): boolean {
  if (!schema || Object.keys(schema).length === 0) return true;
  if (schema.anyOf && !schema.anyOf.some((s) => accepts(s, value))) return false;
  if (schema.oneOf && !schema.oneOf.some((s) => accepts(s, value))) return false;
  if (schema.allOf && !schema.allOf.every((s) => accepts(s, value))) return false;
  if (schema.enum && !schema.enum.some((e) => e === value)) return false;
  if ('const' in schema && schema.const !== value) return false;
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return false;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return false;
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return false;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return false;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) return false;
    if (schema.maxLength !== undefined && length > schema.maxLength) return false;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return false;
    if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format].test(value)) return false;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
    if (schema.items && !value.every((v) => accepts(schema.items, v))) return false;
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) return false;
    for (const [name, v] of Object.entries(record)) {
      const property = schema.properties?.[name];
      if (property) {
        if (!accepts(property, v)) return false;
      } else if (schema.additionalProperties === false) {
        return false;
      } else if (typeof schema.additionalProperties === 'object' && !accepts(schema.additionalProperties, v)) {
        return false;
      }
    }
  }
  return true;
}

/** The types a schema allows (through anyOf), to pick a value of another type. */
function typesOf(schema: JsonSchema): Set<string> {
  const out = new Set<string>();
  const add = (s: JsonSchema) => {
    if (s.type) for (const t of Array.isArray(s.type) ? s.type : [s.type]) out.add(t);
    if (s.enum) for (const e of s.enum) out.add(typeOf(e));
    for (const inner of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) add(inner);
  };
  add(schema);
  if (out.has('number')) out.add('integer');
  return out;
}

/** The object or array branch of a schema (skipping a `null` branch), for walking into it. */
function branch(schema: JsonSchema, kind: 'object' | 'array'): JsonSchema | undefined {
  const own = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (own.includes(kind)) return schema;
  for (const inner of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = branch(inner, kind);
    if (found) return found;
  }
  return undefined;
}

const WRONG_VALUES: Array<[string, unknown]> = [
  ['string', 'not the right type'],
  ['integer', 12345],
  ['boolean', true],
  ['object', { nested: 'object' }],
  ['array', ['an', 'array']],
];

function setAt(root: unknown, path: Array<string | number>, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (remove) delete copy[head];
    else copy[head] = value;
  } else copy[head] = setAt(copy[head] ?? (typeof rest[0] === 'number' ? [] : {}), rest, value, remove);
  return copy;
}

/**
 * Variants of a JSON body: for every field the schema names (walking into objects and the first item of arrays
 * the base body has), a wrong type, null, missing (when required), a huge string, deep nesting, SQL, HTML, a NUL
 * byte and extreme numbers; an unknown field in every object.
 */
export function bodyFieldVariants(schema: JsonSchema, base: unknown): Variant[] {
  const variants: Variant[] = [];
  const classify = (name: string, body: unknown, field: string, payload?: string): Variant => ({
    name,
    field,
    body,
    expect: accepts(schema, body) ? { kind: 'maybe', payload } : { kind: 'reject', field },
  });

  /** The variants of one field (an object's property, or the first item of an array). */
  const field = (property: JsonSchema, at: Array<string | number>, required: boolean) => {
    const name = at.join('.');
    const put = (v: unknown) => setAt(base, at, v);
    const types = typesOf(property);
    for (const [type, wrong] of WRONG_VALUES) {
      if (types.size > 0 && !types.has(type)) {
        variants.push(classify(`${name}: wrong type (${type})`, put(wrong), name));
        break;
      }
    }
    variants.push(classify(`${name}: null`, put(null), name));
    if (required) variants.push(classify(`${name}: missing`, setAt(base, at, undefined, true), name));
    // Sent as text: JSON.stringify of 10,000 levels overflows the test's own stack.
    const deep = classify(`${name}: ${DEEP_LEVELS} levels of arrays`, put(deepArray()), name);
    variants.push({
      ...deep,
      body: undefined,
      rawBody: JSON.stringify(put(DEEP_SENTINEL)).replace(`"${DEEP_SENTINEL}"`, deepText()),
      headers: JSON_TYPE,
    });
    if (types.has('string') || types.size === 0) {
      variants.push(classify(`${name}: huge string (${HUGE_LENGTH} characters)`, put('x'.repeat(HUGE_LENGTH)), name));
      const sql = `${SQL_PAYLOAD} ${marker()}`;
      const html = `${HTML_PAYLOAD}${marker()}`;
      variants.push(classify(`${name}: SQL payload`, put(sql), name, sql));
      variants.push(classify(`${name}: HTML payload`, put(html), name, html));
      variants.push(classify(`${name}: NUL byte`, put(`nul\u0000byte`), name));
      variants.push(classify(`${name}: lone surrogate`, put('half \ud800 pair'), name));
    }
    if (types.has('integer') || types.has('number')) {
      variants.push(classify(`${name}: 1e308`, put(1e308), name));
      variants.push(classify(`${name}: -1e308`, put(-1e308), name));
      if (types.has('integer') && !types.has('number')) variants.push(classify(`${name}: 1.5`, put(1.5), name));
    }
  };

  const walk = (node: JsonSchema, value: unknown, path: Array<string | number>) => {
    const object = branch(node, 'object');
    if (object?.properties) {
      const here = (value && typeOf(value) === 'object' ? value : {}) as Record<string, unknown>;
      const unknownPath = [...path, 'zzUnknownField'];
      variants.push(classify(`unknown field ${unknownPath.join('.')}`, setAt(base, unknownPath, 'surprise'), unknownPath.join('.')));
      for (const [name, property] of Object.entries(object.properties)) {
        field(property, [...path, name], object.required?.includes(name) ?? false);
        const child = here[name];
        if (child !== undefined && child !== null) walk(property, child, [...path, name]);
      }
    }
    const array = branch(node, 'array');
    if (array?.items && Array.isArray(value) && value.length > 0) {
      if (!branch(array.items, 'object')) field(array.items, [...path, 0], false);
      walk(array.items, value[0], [...path, 0]);
    }
  };
  walk(schema, base, []);
  return variants;
}

/** Variants of the body as a whole: not JSON, not UTF-8, another content type, not an object, nested, too large. */
export function wholeBodyVariants(base: unknown, schema: JsonSchema): Variant[] {
  const text = JSON.stringify(base ?? {});
  const notObject = (name: string, body: string): Variant => ({
    name,
    rawBody: body,
    headers: JSON_TYPE,
    expect: accepts(schema, JSON.parse(body)) ? { kind: 'maybe' } : { kind: 'status', statuses: [400], field: '(root)' },
  });
  return [
    {
      name: 'malformed JSON',
      rawBody: '{"unterminated": ',
      headers: JSON_TYPE,
      expect: { kind: 'status', statuses: [400], field: '(body)' },
    },
    {
      name: 'invalid UTF-8 bytes',
      rawBody: Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]),
      headers: JSON_TYPE,
      expect: { kind: 'status', statuses: [400], field: '(body)' },
    },
    {
      name: 'content type text/plain',
      rawBody: text,
      headers: { 'content-type': 'text/plain' },
      expect: { kind: 'status', statuses: [415] },
    },
    {
      name: 'content type form',
      rawBody: 'a=b&c=d',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      expect: { kind: 'status', statuses: [415] },
    },
    { name: 'no content type', rawBody: text, headers: {}, expect: { kind: 'status', statuses: [415] } },
    notObject('a JSON array', '[]'),
    notObject('JSON null', 'null'),
    notObject('a JSON string', '"just a string"'),
    notObject(`${DEEP_LEVELS} levels of arrays as the body`, deepText()),
    {
      name: `${DEEP_LEVELS} levels of arrays with an Idempotency-Key`,
      rawBody: deepText(),
      headers: { ...JSON_TYPE, 'idempotency-key': `sweep-${marker()}` },
      expect: { kind: 'status', statuses: [400], field: '(root)' },
    },
    {
      name: 'body over 1 MiB',
      rawBody: JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES) }),
      headers: JSON_TYPE,
      expect: { kind: 'status', statuses: [413] },
    },
  ];
}

/** Variants of an upload: empty, not the declared kind of file, a broken multipart form, a form without `file`, too large. */
export function uploadVariants(): Variant[] {
  const boundary = 'sweepboundary';
  return [
    {
      name: 'empty upload',
      rawBody: new Uint8Array(0),
      headers: { 'content-type': 'application/pdf' },
      expect: { kind: 'status', statuses: [400, 415] },
    },
    {
      name: 'text posing as a file',
      rawBody: 'just some text, not a file',
      headers: { 'content-type': 'application/pdf' },
      expect: { kind: 'status', statuses: [400, 415] },
    },
    {
      name: 'broken multipart',
      rawBody: `--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      expect: { kind: 'status', statuses: [400] },
    },
    {
      name: 'multipart without file',
      rawBody: `--${boundary}\r\nContent-Disposition: form-data; name="other"\r\n\r\nvalue\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      expect: { kind: 'status', statuses: [400] },
    },
    {
      name: 'upload over 11 MiB',
      rawBody: new Uint8Array(11 * 1024 * 1024),
      headers: { 'content-type': 'application/pdf' },
      expect: { kind: 'status', statuses: [413] },
    },
  ];
}

export type Parameter = { name: string; in: string; required?: boolean; schema: JsonSchema };

/** A query value as the route sees it: numbers and booleans are coerced from the string. */
function queryAccepts(schema: JsonSchema, value: string | string[]): boolean {
  if (Array.isArray(value)) return accepts(schema, value);
  const types = typesOf(schema);
  if ((types.has('integer') || types.has('number')) && !types.has('string')) {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    return accepts(schema, n);
  }
  if (types.has('boolean') && !types.has('string')) return value === 'true' || value === 'false';
  return accepts(schema, value) || types.size === 0;
}

/** Variants of the query string: per parameter, wrong type, out of range, huge, SQL, HTML, NUL, repeated, bad percent-encoding; an unknown one. */
export function queryVariants(parameters: Parameter[], base: Record<string, string>): Variant[] {
  const variants: Variant[] = [];
  for (const p of parameters.filter((x) => x.in === 'query')) {
    const field = `query.${p.name}`;
    const values: Array<[string, string | string[]]> = [
      ['wrong type', 'not-a-number-or-enum'],
      ['negative', '-1'],
      ['zero', '0'],
      ['huge number', '1e309'],
      ['fraction', '1.5'],
      ['huge string', 'q'.repeat(100_000)],
      ['SQL payload', SQL_PAYLOAD],
      ['HTML payload', HTML_PAYLOAD],
      ['NUL byte', 'nul\u0000byte'],
      ['repeated', ['1', '2']],
      ['bad percent-encoding', '\ufffd\ufffd'],
    ];
    for (const [name, value] of values) {
      variants.push({
        name: `${field}: ${name}`,
        query: { ...base, [p.name]: value },
        expect: queryAccepts(p.schema, value) ? { kind: 'maybe' } : { kind: 'reject', field },
      });
    }
  }
  variants.push({ name: 'unknown query parameter', query: { ...base, zzUnknownParam: '1' }, expect: { kind: 'maybe' } });
  return variants;
}

/** Variants of the path: per parameter, malformed, unknown, SQL, HTML, huge, NUL, a lone surrogate. */
export function pathVariants(parameters: Parameter[], base: Record<string, string>): Variant[] {
  const variants: Variant[] = [];
  for (const p of parameters.filter((x) => x.in === 'path')) {
    const values: Array<[string, string]> = [
      ['not an id', 'not-an-id'],
      ['unknown UUID', randomUUID()],
      ['SQL payload', SQL_PAYLOAD],
      ['HTML payload', HTML_PAYLOAD],
      ['huge', 'p'.repeat(10_000)],
      ['NUL byte', 'nul\u0000byte'],
      ['lone surrogate', 'half\ud800'],
    ];
    for (const [name, value] of values) {
      variants.push({
        name: `params.${p.name}: ${name}`,
        params: { ...base, [p.name]: value },
        expect: { kind: 'path', field: `params.${p.name}` },
      });
    }
  }
  return variants;
}

/**
 * Variants of the documented headers: X-System-Slug too long or a payload (an unknown system: 404, or 400 naming
 * it); Idempotency-Key too long or with spaces (400 naming it: 1–255 visible ASCII characters).
 */
export function headerVariants(parameters: Parameter[]): Variant[] {
  const variants: Variant[] = [];
  for (const p of parameters.filter((x) => x.in === 'header')) {
    const tooLong = 'h'.repeat((p.schema.maxLength ?? 255) + 1);
    for (const [name, value] of [
      ['too long', tooLong],
      ['SQL payload', SQL_PAYLOAD],
    ] as const) {
      variants.push({
        name: `header ${p.name}: ${name}`,
        headers: { [p.name.toLowerCase()]: value },
        expect: p.name === 'Idempotency-Key' ? { kind: 'status', statuses: [400], field: p.name } : { kind: 'path', field: p.name },
      });
    }
  }
  return variants;
}
