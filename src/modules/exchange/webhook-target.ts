/**
 * Where webhooks may go. A steward types the receiver's URL, and the platform POSTs to it from inside the city's
 * network: without a check, a webhook could reach the platform's own loopback, a neighbour on a private network or
 * a cloud metadata service (SSRF). A target is refused when any address it resolves to is loopback, private,
 * link-local, unique-local, multicast, unspecified or otherwise reserved — unless the operator's allow-list
 * (WEBHOOK_ALLOW_HOSTS: `host` or `host:port`, by name or address) names it. The check runs when a subscription
 * is created or changed, and again on every delivery, inside the connection's own DNS lookup, so a name that
 * resolved to a public address at creation and to an internal one later (DNS rebinding) is still refused.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../../core/errors.ts';

/** Resolves a host name to every address it has (injected by tests). */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export interface WebhookTargetOptions {
  /** `host` (any port) or `host:port` entries the operator allows even though they are internal. */
  allowHosts?: readonly string[] | undefined;
  resolve?: Resolver | undefined;
}

const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 itself
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:a.b.c.d or ::ffff:xxxx:xxxx), else null. */
function mappedIpv4(address: string): string | null {
  const m = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(.+)$/i.exec(
    new URL(`http://[${address}]`).hostname.slice(1, -1),
  );
  if (!m) return null;
  if (isIP(m[1]!) === 4) return m[1]!;
  const [hi, lo] = m[1]!.split(':').map((h) => parseInt(h, 16));
  if (hi === undefined || lo === undefined) return null;
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Is this address one a webhook must not reach unless allowed? */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return INTERNAL.check(address, 'ipv4');
  if (family !== 6) return true;
  // IPv4-mapped: judged by the IPv4 address inside, as if the URL had used it directly.
  const v4 = mappedIpv4(address);
  if (v4 !== null) return INTERNAL.check(v4, 'ipv4');
  return INTERNAL.check(address, 'ipv6');
}

const systemResolve: Resolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    ),
  );

/** A URL's host as the allow-list spells it: lower case, IPv6 without brackets. */
const bare = (host: string) => host.toLowerCase().replace(/^\[(.*)\]$/, '$1');

/** Why a target is refused: `reason` is a short code, safe to show and to store. */
export class TargetRefused extends Error {
  constructor(
    readonly reason: 'SCHEME' | 'CREDENTIALS' | 'INTERNAL_ADDRESS' | 'UNRESOLVED',
    readonly host: string,
  ) {
    super(`webhook target ${host} refused: ${reason}`);
  }
}

export class WebhookTargets {
  readonly #allowed = new Set<string>();
  readonly #resolve: Resolver;

  constructor(options: WebhookTargetOptions = {}) {
    for (const entry of options.allowHosts ?? []) this.allow(entry);
    this.#resolve = options.resolve ?? systemResolve;
  }

  /**
   * Adds `host` or `host:port` to the allow-list of this process (the demo adds its own receiver at start, the
   * way an operator would with WEBHOOK_ALLOW_HOSTS).
   */
  allow(entry: string): void {
    const e = entry.trim().toLowerCase();
    if (!e) return;
    // host:port, [v6]:port, a bare v6 address, or a bare host
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(e);
    this.#allowed.add(m ? `${bare(m[1]!)}:${m[2]}` : bare(e));
  }

  #allows(host: string, port: number): boolean {
    return this.#allowed.has(host) || this.#allowed.has(`${host}:${port}`);
  }

  /** Throws TargetRefused unless the URL is http(s) without credentials and every address it has may be reached. */
  async verify(target: string | URL): Promise<void> {
    const url = typeof target === 'string' ? new URL(target) : target;
    const host = bare(url.hostname);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefused('SCHEME', host);
    if (url.username || url.password) throw new TargetRefused('CREDENTIALS', host);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    if (this.#allows(host, port)) return;
    await this.addresses(host, port);
  }

  /**
   * The addresses of `host` a connection to `port` may use; TargetRefused when any is internal and not allowed
   * (a name with one internal address among public ones is refused whole: the resolver picks which one is used).
   */
  async addresses(host: string, port: number): Promise<LookupAddress[]> {
    const name = bare(host);
    let found: LookupAddress[];
    if (isIP(name)) found = [{ address: name, family: isIP(name) }];
    else if (this.#allows(name, port)) return this.#resolve(name);
    else {
      try {
        found = await this.#resolve(name);
      } catch {
        throw new TargetRefused('UNRESOLVED', name);
      }
      if (!found.length) throw new TargetRefused('UNRESOLVED', name);
    }
    if (found.some((a) => isInternalAddress(a.address) && !this.#allows(bare(a.address), port)))
      throw new TargetRefused('INTERNAL_ADDRESS', name);
    return found;
  }

  /** verify, as the API error a subscription's create or update answers with. */
  async check(url: string, field = 'webhookUrl'): Promise<void> {
    try {
      await this.verify(url);
    } catch (err) {
      if (!(err instanceof TargetRefused)) throw err;
      throw new AppError('EXCHANGE_WEBHOOK_TARGET_REFUSED', { field, host: err.host, reason: err.reason });
    }
  }
}
