import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '@/lib/http/openapi';
import { route, tenantRoute } from '@/lib/http/route';

/** The parts of the generated document these tests read. */
type Schema = { required?: string[]; properties: Record<string, { items?: unknown }> };
type Media = { content: Record<string, { schema: unknown }> };
type Doc = {
  components: { schemas: Record<string, Schema> };
  paths: Record<
    string,
    Record<string, { parameters: Array<{ name: string; in: string }>; requestBody: Media; responses: Record<string, Media> }>
  >;
};

// How the generator names schemas: a zod id becomes a component referenced by $ref; a request schema of the same id
// that differs from the response one is `XInput`; an unnamed page of named items is `XPage`; nothing else is named.
const Widget = z.object({ id: z.string(), size: z.number().default(1) }).meta({ id: 'Widget' });
const modules = {
  'widgets/route.ts': {
    GET: tenantRoute(
      {
        method: 'GET',
        path: '/api/v1/tenants/{tenant}/members',
        summary: 'List',
        access: 'member',
        response: z.object({ data: z.array(Widget), nextCursor: z.string().nullable() }),
      },
      () => Promise.resolve({ data: [], nextCursor: null }),
    ),
    POST: tenantRoute(
      {
        method: 'POST',
        path: '/api/v1/tenants/{tenant}/members',
        summary: 'Create',
        access: 'member',
        body: Widget,
        response: Widget,
        status: 201,
      },
      () => Promise.resolve({ id: 'w', size: 1 }),
    ),
    PATCH: route(
      { method: 'PATCH', path: '/api/v1/me', summary: 'Unnamed', access: 'authenticated', body: z.object({ name: z.string() }) },
      () => Promise.resolve(undefined),
    ),
  },
};

describe('named schemas of the API document', () => {
  const doc = buildOpenApi(modules, 'https://custos.dev') as unknown as Doc;
  const schemas = doc.components.schemas;

  it('lifts a zod id into components/schemas, the input form as XInput where it differs, and a page of it as XPage', () => {
    expect(Object.keys(schemas).sort()).toEqual(['Problem', 'Widget', 'WidgetInput', 'WidgetPage']);
    expect(schemas.Widget.required).toEqual(['id', 'size']);
    expect(schemas.WidgetInput.required).toEqual(['id']);
    const members = doc.paths['/api/v1/tenants/{tenant}/members'];
    expect(members.get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/WidgetPage' });
    expect(schemas.WidgetPage.properties.data.items).toEqual({ $ref: '#/components/schemas/Widget' });
    expect(members.post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/WidgetInput' });
    expect(members.post.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Widget' });
  });

  it('leaves a schema without an id inline', () => {
    expect(doc.paths['/api/v1/me'].patch.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string' } },
    });
  });
});

describe('named parameter schemas', () => {
  it('are still listed parameter by parameter', () => {
    const Params = z.object({ tenant: z.string(), id: z.string() }).meta({ id: 'MemberParams' });
    const Query = z.object({ q: z.string().optional() }).meta({ id: 'MemberQuery' });
    const doc = buildOpenApi(
      {
        'x/route.ts': {
          GET: tenantRoute(
            {
              method: 'GET',
              path: '/api/v1/tenants/{tenant}/members/{id}',
              summary: 'One',
              access: 'member',
              params: Params,
              query: Query,
            },
            () => Promise.resolve({}),
          ),
        },
      },
      'https://custos.dev',
    ) as unknown as Doc;
    const names = doc.paths['/api/v1/tenants/{tenant}/members/{id}'].get.parameters.map(
      (p: { name: string; in: string }) => `${p.in}:${p.name}`,
    );
    expect(names).toEqual(expect.arrayContaining(['path:tenant', 'path:id', 'query:q']));
    expect(Object.keys(doc.components.schemas)).toEqual(['Problem']);
  });
});
