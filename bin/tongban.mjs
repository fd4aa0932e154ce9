#!/usr/bin/env node
// The tongban command. TypeScript sources run through tsx's loader, so there is no build step to forget.
import { register } from 'tsx/esm/api';
import { initdbAhead } from './initdb-ahead.mjs';

// Before the sources load (seconds under tsx): a new embedded database's initdb runs meanwhile, in a worker.
const databaseReady = initdbAhead(process.argv.slice(2), process.env);
register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv, { databaseReady });
