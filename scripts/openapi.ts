// Writes docs/openapi.json from the running code (`npm run openapi`). CI fails when the committed file
// drifts from what the server actually serves, so API changes show up in review.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/server/openapi-document.ts';

const target = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
process.stderr.write(`wrote ${target.pathname}\n`);
