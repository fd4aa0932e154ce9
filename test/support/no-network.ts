// Tests talk to this machine only (the test server, PostgreSQL on loopback). A stray call to any other
// host fails the test at once instead of hanging or silently depending on the network.
import net from 'node:net';

const LOOPBACK = /^(127\.|::1$|localhost$|::ffff:127\.)/;
const original = net.Socket.prototype.connect;

function hostOf(args: unknown[]): string | undefined {
  const first = args[0];
  if (Array.isArray(first)) return hostOf(first);
  if (first && typeof first === 'object') {
    const o = first as { host?: string; path?: string };
    if (o.path) return 'localhost';
    return o.host ?? 'localhost';
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return 'localhost'; // unix socket path
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host && !LOOPBACK.test(host))
    throw new Error(`test tried to reach ${host}: tests may only use this machine`);
  return (original as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
