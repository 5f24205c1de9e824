// `npm run sdk`: writes sdk/schema.d.ts, the openapi-typescript types of /api/v1 that sdk/index.ts builds its client on.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSdkTypes, SDK_TYPES_FILE } from './sdk-types';

void generateSdkTypes().then((types) => {
  writeFileSync(path.resolve(__dirname, '..', SDK_TYPES_FILE), types);
  console.log(`wrote ${SDK_TYPES_FILE}`);
});
