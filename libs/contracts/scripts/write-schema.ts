// Writes schema/api.usage.v1.schema.json from the zod definition (run by codegen).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { usageEventJsonSchema } from '../src/json-schema';

fs.writeFileSync(path.join(__dirname, '..', 'schema', 'api.usage.v1.schema.json'), JSON.stringify(usageEventJsonSchema(), null, 2) + '\n');
