import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRouteModules } from '@/app/api/v1/routes';
import type { RouteHandler } from '@/lib/http/route';
import { PLAN_IDS } from '@/lib/tenancy/schemas';

/**
 * The API document's schema names and examples come from zod metadata (`.meta({ id, examples })`) in the schema
 * files: each id names one component (lib/http/openapi.ts lifts them), so an id used twice would merge two shapes.
 */
const repo = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

type Spec = RouteHandler['route'];
const specs: Spec[] = Object.values(apiRouteModules).flatMap((mod) =>
  Object.values(mod).flatMap((exported) => {
    const spec = (exported as Partial<RouteHandler> | undefined)?.route;
    return spec ? [spec] : [];
  }),
);
const label = (spec: Spec) => `${spec.method} ${spec.path}`;
const meta = (schema: z.ZodType) => z.globalRegistry.get(schema);
const unwrapOptional = (schema: z.ZodType): z.ZodType =>
  schema instanceof z.ZodOptional ? unwrapOptional(schema.unwrap() as z.ZodType) : schema;

describe('schema names', () => {
  it('every `.meta({ id })` in lib/ and app/ names one schema only', () => {
    const seen = new Map<string, string[]>();
    for (const file of [...sourceFiles(path.join(repo, 'lib')), ...sourceFiles(path.join(repo, 'app'))]) {
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const match of text.matchAll(/\.meta\(\{\s*id:\s*'([^']+)'/g)) {
        seen.set(match[1], [...(seen.get(match[1]) ?? []), path.relative(repo, file)]);
      }
    }
    expect(seen.size).toBeGreaterThan(30);
    const twice = [...seen].filter(([, files]) => files.length > 1).map(([id, files]) => `${id}: ${files.join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('every resource, list and page a route answers with is named', () => {
    const named = (schema: z.ZodType): boolean =>
      Boolean(meta(schema)?.id) || (schema instanceof z.ZodArray && named(schema.element as z.ZodType));
    const unnamed = specs
      .filter((spec) => spec.response)
      .filter((spec) => {
        const response = spec.response!;
        const shape = response instanceof z.ZodObject ? (response.shape as Record<string, unknown>) : {};
        const isResource = 'id' in shape || 'data' in shape || response instanceof z.ZodArray;
        return isResource && !named(response);
      })
      .map(label);
    expect(unnamed).toEqual([]);
  });
});

describe('schema examples', () => {
  it('every JSON request body has an example', () => {
    const bodies = specs.filter((spec) => spec.body);
    expect(bodies.length).toBeGreaterThan(30);
    const missing = bodies.filter((spec) => !(meta(unwrapOptional(spec.body!))?.examples as unknown[] | undefined)?.length).map(label);
    expect(missing).toEqual([]);
  });

  it('every named response has an example, and every example parses with its own schema', () => {
    const schemas = new Set<z.ZodType>();
    for (const spec of specs) {
      if (spec.body) schemas.add(unwrapOptional(spec.body));
      const response = spec.response && (spec.response instanceof z.ZodArray ? (spec.response.element as z.ZodType) : spec.response);
      if (response && meta(response)?.id) schemas.add(response);
    }
    const problems: string[] = [];
    for (const schema of schemas) {
      const { id, examples } = meta(schema) ?? {};
      const name = String(id ?? 'a request body');
      if (!Array.isArray(examples) || examples.length === 0) {
        problems.push(`${name}: no example`);
        continue;
      }
      for (const example of examples) {
        const parsed = schema.safeParse(example);
        if (!parsed.success)
          problems.push(
            `${name}: ${JSON.stringify(example).slice(0, 80)}… ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
          );
      }
    }
    expect(schemas.size).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});

describe('the plan catalog', () => {
  it('PLAN_IDS, the document’s enum of `plan`, are the plans the migrations insert', () => {
    const sql = readdirSync(path.join(repo, 'drizzle'))
      .filter((name) => name.endsWith('.sql'))
      .map((name) => readFileSync(path.join(repo, 'drizzle', name), 'utf8'))
      .join('\n');
    const inserted = [...sql.matchAll(/INSERT INTO plans \([^)]*\) VALUES ([^;\n]+)/g)].flatMap((m) =>
      [...m[1].matchAll(/\('([a-z_]+)'/g)].map((v) => v[1]),
    );
    expect(inserted.sort()).toEqual([...PLAN_IDS].sort());
  });
});
