// Fails when a route lacks an operationId, two share one, or docs/openapi.json or web/src/api/schema.gen.ts differ
// from what the code serves; `npm run openapi` regenerates both.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { openApiArtifacts } from './openapi-artifacts.ts';

const { artifacts, problems } = await openApiArtifacts();
const stale: string[] = [];
for (const { path, content } of artifacts) {
  let committed: string;
  try {
    committed = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
  } catch {
    stale.push(path);
    continue;
  }
  // The document is compared as JSON, so a reformatted but equal file is not drift.
  const same = path.endsWith('.json')
    ? isDeepStrictEqual(JSON.parse(committed), JSON.parse(content))
    : committed === content;
  if (!same) stale.push(path);
}
for (const problem of problems) process.stderr.write(`operationId: ${problem}\n`);
for (const path of stale)
  process.stderr.write(`${path} is out of date: run \`npm run openapi\` and commit it\n`);
if (problems.length > 0 || stale.length > 0) process.exit(1);
process.stderr.write('docs/openapi.json and web/src/api/schema.gen.ts match the served API\n');
