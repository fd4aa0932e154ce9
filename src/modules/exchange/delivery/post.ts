/**
 * One webhook POST. The connection's DNS lookup goes through WebhookTargets, so the address actually connected to
 * is the one that was checked (no DNS-rebinding window between a check and the connect). Redirects are not
 * followed. The receiver's answer is read to its end and dropped: a failure is described by its status code or a
 * short connection reason, never by what the receiver wrote, which could be an internal page.
 */
import http, { STATUS_CODES } from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { TargetRefused, type WebhookTargets } from '../webhook-target.ts';

export interface PostOutcome {
  statusCode: number | null;
  /** null on 2xx; otherwise a short reason (status line or connection error code). */
  error: string | null;
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** A short, fixed description of a connection failure: its code and what it means, nothing from the peer. */
function reasonOf(err: unknown, timeoutMs: number): string {
  if (err instanceof TargetRefused) return `target refused: ${err.reason} (${err.host})`;
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'TIMEOUT':
      return `timeout: no answer within ${timeoutMs} ms`;
    case 'ECONNREFUSED':
      return 'ECONNREFUSED: connection refused';
    case 'ECONNRESET':
      return 'ECONNRESET: connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${code}: host unreachable`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${code}: host not found`;
    default:
      return code ? `${code}: request failed` : 'request failed';
  }
}

export async function postWebhook(
  targets: WebhookTargets,
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostOutcome> {
  let target: URL;
  try {
    target = new URL(url);
    await targets.verify(target);
  } catch (err) {
    return {
      statusCode: null,
      error: err instanceof TargetRefused ? reasonOf(err, timeoutMs) : 'invalid URL',
    };
  }
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  // Node skips the lookup for an address literal; verify above has checked that one.
  const lookup: LookupFunction = (hostname, options, callback) => {
    targets.addresses(hostname, port).then(
      (found: LookupAddress[]) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? found.filter((a) => a.family === family) : found;
        if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, usable);
        else if (usable[0]) callback(null, usable[0].address, usable[0].family);
        else callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 0);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const done = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        agent: target.protocol === 'https:' ? agents.https : agents.http,
        ...(isIP(target.hostname.replace(/^\[(.*)\]$/, '$1')) ? {} : { lookup }),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        // Read to the end, to free the connection for reuse; the content itself is never kept.
        res.resume();
        res.once('end', () =>
          done({
            statusCode: status,
            error:
              status >= 200 && status <= 299
                ? null
                : status >= 300 && status < 400
                  ? `HTTP ${status}: redirects are not followed`
                  : `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`,
          }),
        );
        res.once('error', (err) => done({ statusCode: status, error: reasonOf(err, timeoutMs) }));
        // Cut before its end ('end' comes first when the answer is whole, so this changes nothing then).
        res.once('close', () => done({ statusCode: status, error: 'ECONNRESET: connection reset' }));
      },
    );
    const timer = setTimeout(
      () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      timeoutMs,
    );
    req.once('error', (err) => done({ statusCode: null, error: reasonOf(err, timeoutMs) }));
    req.end(body);
  });
}
