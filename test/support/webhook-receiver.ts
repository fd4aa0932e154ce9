import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from '../../src/lib/net.ts';

/** One POST a test receiver got. */
export interface Received {
  path: string;
  subscriptionId: string;
  deliveryId: string;
  timestamp: string;
  signature: string;
  contentType: string;
  /** The raw body, as the signature covers it. */
  body: string;
  payload: {
    subscriptionId: string;
    resourceId: string;
    resourceCode: string;
    fromSeq: number;
    toSeq: number;
    lastSeq: number;
    changes: { seq: number; op: string; key: unknown[]; data: Record<string, unknown> | null; at: string }[];
  };
  /** Status answered (null: the request was left hanging or its connection was cut). */
  status: number | null;
}

/** What to answer: a status, or `hang` to keep the request open until the connection goes away. */
export type Respond = (r: Received, req: IncomingMessage, res: ServerResponse) => number | 'hang';

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  respond: Respond;
  /** Stops listening and cuts every open connection (the receiver is "down"). */
  close(): Promise<void>;
  /** Listens again on the same port. */
  reopen(): Promise<void>;
}

const header = (req: IncomingMessage, name: string) => String(req.headers[name] ?? '');

/** A local webhook receiver on a free loopback port (or `port`), recording every POST. */
export async function startReceiver(options: { port?: number; respond?: Respond; listen?: boolean } = {}) {
  const port = options.port ?? (await freePort());
  let server: Server | undefined;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}`,
    port,
    received: [],
    respond: options.respond ?? (() => 200),
    async close() {
      if (!server) return;
      const s = server;
      server = undefined;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
    async reopen() {
      if (server) return;
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const r: Received = {
            path: req.url ?? '',
            subscriptionId: header(req, 'x-tongban-subscription'),
            deliveryId: header(req, 'x-tongban-delivery'),
            timestamp: header(req, 'x-tongban-timestamp'),
            signature: header(req, 'x-tongban-signature'),
            contentType: header(req, 'content-type'),
            body,
            payload: JSON.parse(body) as Received['payload'],
            status: null,
          };
          receiver.received.push(r);
          const status = receiver.respond(r, req, res);
          if (status === 'hang') return;
          r.status = status;
          if (status >= 300 && status < 400) res.setHeader('location', `${receiver.url}/elsewhere`);
          res.writeHead(status, { 'content-type': 'text/plain' });
          res.end(status < 300 ? 'ok' : `receiver says ${status}`);
        });
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      server = s;
    },
  };
  if (options.listen !== false) await receiver.reopen();
  return receiver;
}
