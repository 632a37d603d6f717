/** The generated document validates against the OpenAPI 3.1 schema (the validator is ESM-only: run in a child Node). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApiDocument } from '../../lambda/api/openapi';
import { ROUTES } from '../../lambda/api/routes';

it('is a valid OpenAPI 3.1 document with every route', () => {
  const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
  for (const r of ROUTES) expect(doc.paths[r.path]?.[r.method.toLowerCase()]).toBeDefined();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oas-')), 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  const script = `import { Validator } from '@seriousme/openapi-schema-validator';
const res = await new Validator().validate(process.argv[1]);
const version = new Validator().version ?? null;
console.log(JSON.stringify({ valid: res.valid, version, errors: res.errors ?? null }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, file], {
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf8',
  });
  const res = JSON.parse(out.trim().split('\n').pop()!) as { valid: boolean; errors: unknown };
  expect(res.errors).toBeNull();
  expect(res.valid).toBe(true);
});
