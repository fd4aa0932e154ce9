// The demo front database's engine and socket server, in a worker thread: creating an embedded PostgreSQL runs
// initdb, seconds of WebAssembly that would otherwise hold the server's event loop (and its first healthy answer)
// and share one core with the demo city's seeding. Plain JavaScript on purpose: it needs only PGlite, so it starts
// without a TypeScript loader, under the tongban command as under vitest. The parent (frontdb.ts) composes every
// statement; this side opens, fills when asked, listens and stops.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, host, port, table } = workerData;

async function listen(db) {
  const make = (p) => new PGLiteSocketServer({ db, host, port: p, maxConnections: 32 });
  let server = make(port);
  try {
    await server.start();
  } catch (err) {
    // A taken port (another demo on this machine) falls back to a free one; the parent re-docks the connector.
    if (err?.code !== 'EADDRINUSE' || port === 0) throw err;
    server = make(0);
    await server.start();
  }
  return server;
}

const db = await PGlite.create(dataDir);
let server;
const exists = await db.query('SELECT to_regclass($1) AS t', [table]);
parentPort.postMessage({ type: 'opened', filled: Boolean(exists.rows[0]?.t) });

parentPort.on('message', (msg) => {
  const step = async () => {
    if (msg.type === 'fill') {
      await db.exec(msg.ddl);
      await db.query(msg.copySql, [], { blob: new Blob([msg.csv]) });
      await db.query(msg.trimSql, msg.trimParams);
    }
    if (msg.type === 'fill' || msg.type === 'listen') {
      server = await listen(db);
      parentPort.postMessage({ type: 'listening', port: Number(server.getServerConn().split(':').pop()) });
    }
    if (msg.type === 'stop') {
      await server?.stop();
      await db.close();
      parentPort.postMessage({ type: 'stopped' });
      parentPort.close();
    }
  };
  step().catch((err) => parentPort.postMessage({ type: 'failed', message: err?.message ?? String(err) }));
});
