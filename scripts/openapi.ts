// Writes docs/openapi.json and the web client's generated types (web/src/api/schema.gen.ts) from the running code
// (`npm run openapi`). Refuses when a route lacks an operationId or two share one. CI fails when either committed
// file drifts from what the server serves, so API changes show up in review.
import { writeFileSync } from 'node:fs';
import { openApiArtifacts } from './openapi-artifacts.ts';

const { artifacts, problems } = await openApiArtifacts();
if (problems.length > 0) {
  process.stderr.write(`every route needs its own operationId:\n${problems.map((p) => `  ${p}\n`).join('')}`);
  process.exit(1);
}
for (const { path, content } of artifacts) {
  writeFileSync(new URL(`../${path}`, import.meta.url), content);
  process.stderr.write(`wrote ${path}\n`);
}
