// Fails when docs/openapi.json differs from what the code serves; `npm run openapi` regenerates it.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { openApiDocument } from '../src/server/openapi-document.ts';

const committed: unknown = JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8'));
const live = JSON.parse(JSON.stringify(await openApiDocument())) as unknown;
if (!isDeepStrictEqual(committed, live)) {
  process.stderr.write('docs/openapi.json is out of date: run `npm run openapi` and commit the result\n');
  process.exit(1);
}
process.stderr.write('docs/openapi.json matches the served API\n');
