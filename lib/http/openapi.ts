import { z } from 'zod';
import { PERMISSIONS } from '@/lib/access/permissions';
import type { RouteHandler } from './route';

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the routes' own zod schemas and access
 * declarations. Nothing here is written by hand per endpoint.
 */
type JsonSchema = Record<string, unknown>;

const problemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable snake_case error code' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
    requestId: { type: 'string' },
  },
};

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export function buildOpenApi(modules: Record<string, Record<string, unknown>>, serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const mod of Object.values(modules)) {
    for (const exported of Object.values(mod)) {
      const route = (exported as Partial<RouteHandler>)?.route;
      if (!route) continue;
      const parameters: unknown[] = [];
      if (route.params) {
        const shape = toJsonSchema(route.params, 'input') as { properties?: Record<string, JsonSchema> };
        for (const [name, schema] of Object.entries(shape.properties ?? {})) {
          parameters.push({ name, in: 'path', required: true, schema });
        }
      }
      if (route.query) {
        const shape = toJsonSchema(route.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
        for (const [name, schema] of Object.entries(shape.properties ?? {})) {
          parameters.push({ name, in: 'query', required: shape.required?.includes(name) ?? false, schema });
        }
      }
      // Only tenant routes read X-System-Slug; the platform's /admin/tenants/{tenant} ignores it.
      if (route.path.startsWith('/api/v1/tenants/{tenant}')) {
        parameters.push({
          name: 'X-System-Slug',
          in: 'header',
          required: false,
          description:
            'Sets the system context: the slug of a downstream system registered in this tenant (`systems`). ' +
            'The call is made on behalf of that system; an unknown slug is 404 `not_found`. Omit it for Custos itself.',
          schema: { type: 'string', maxLength: 40 },
        });
      }
      if (route.method === 'POST' && route.idempotent !== false) {
        parameters.push({
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'A repeat within 24 hours replays the first response.',
          schema: { type: 'string', maxLength: 255 },
        });
      }
      const status = String(route.status ?? 200);
      const responses: Record<string, unknown> = {
        [status]:
          Number(status) >= 400
            ? problem('Always refused: see the summary')
            : status === '204' || !route.response
              ? { description: 'Success' }
              : { description: 'Success', content: { 'application/json': { schema: toJsonSchema(route.response, 'output') } } },
        '400': problem('Invalid input (`validation_failed`), each bad field named in `errors`'),
        '503': problem('The database is unavailable (`service_unavailable`)'),
      };
      if (route.access !== 'public') responses['401'] = problem('No or bad credentials (`unauthenticated`)');
      const mayForbid = route.access !== 'public' && route.access !== 'authenticated';
      const crossOrigin = 'made with the session cookie from another origin (`origin_not_allowed`)';
      if (route.method !== 'GET') {
        responses['403'] = problem(mayForbid ? `Not allowed (\`forbidden\`), or ${crossOrigin}` : `A change ${crossOrigin}`);
      } else if (mayForbid) {
        responses['403'] = problem('Not allowed (`forbidden`)');
      }
      if (route.path.includes('{tenant}')) {
        responses['404'] = problem('Unknown, or belonging to a tenant you are not a member of (`not_found`)');
      }
      if (route.body || (route.rawBody && Object.keys(route.rawBody.content).length > 0)) {
        responses['413'] = problem('Body too large (`payload_too_large`)');
      }
      const access =
        route.access === 'public'
          ? 'Public.'
          : route.access === 'authenticated'
            ? 'Any signed-in caller.'
            : route.access === 'platform_admin'
              ? 'Platform administrators only.'
            : route.access === 'member'
              ? 'Any member of the tenant.'
              : `Needs the \`${route.access}\` permission.`;
      paths[route.path] ??= {};
      paths[route.path][route.method.toLowerCase()] = {
        summary: route.summary,
        description: [route.description, `**Access:** ${access}`].filter(Boolean).join('\n\n'),
        tags: route.tags,
        'x-permission': route.access,
        ...(route.access === 'public' ? { security: [] } : {}),
        parameters,
        ...(route.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } } } }
          : route.rawBody && Object.keys(route.rawBody.content).length > 0
            ? { requestBody: { required: true, description: route.rawBody.description, content: route.rawBody.content } }
            : {}),
        responses,
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Custos API',
      version: '1',
      description:
        'Tenants, members, roles with explicit deny, API keys, audit trail, and GxP batch records with Part 11 signatures. ' +
        `Permission keys: ${PERMISSIONS.join(', ')}.`,
    },
    servers: [{ url: serverUrl }],
    security: [{ session: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'authjs.session-token', description: 'The console session cookie' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An access token from /api/v1/auth/token, or an API key (ck_…)' },
      },
      schemas: { Problem: problemSchema },
    },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}
