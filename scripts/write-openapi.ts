// Writes the OpenAPI document of /api/v1 to a file (default: stdout), with no server: `npm run lint:api` lints it.
import { writeFileSync } from 'node:fs';
import { apiRouteModules } from '@/app/api/v1/routes';
import { buildOpenApi } from '@/lib/http/openapi';

const out = process.argv[2];
const json = JSON.stringify(buildOpenApi(apiRouteModules, process.env.APP_URL ?? 'http://localhost:3000'), null, 2) + '\n';
if (out) writeFileSync(out, json);
else process.stdout.write(json);
