import * as fs from 'node:fs';
import * as path from 'node:path';
import { usageEventJsonSchema } from './json-schema';
import { REQUIRED_FIELDS } from './usage-event';

const file = path.join(__dirname, '..', 'schema', 'api.usage.v1.schema.json');

describe('api.usage.v1 JSON Schema', () => {
  it('the committed schema file matches the zod definition (regenerate with npm run codegen -w @lockstep/contracts)', () => {
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(usageEventJsonSchema());
  });

  it('lists exactly the contract required fields', () => {
    expect([...(usageEventJsonSchema().required as string[])].sort()).toEqual([...REQUIRED_FIELDS].sort());
  });
});
