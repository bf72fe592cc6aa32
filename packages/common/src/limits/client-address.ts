import { isIPv6 } from 'node:net';

/**
 * The part of a client address that rate limits count against. An IPv6 host usually owns a whole
 * /64, so counting single addresses there would let it rotate past any limit.
 */
export function addressKey(ip: string): string {
  const plain = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(plain)) return plain;
  const [head = '', tail] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [
    ...left,
    ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'),
    ...right,
  ];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The client a request counts against: the address the public origin put in X-Forwarded-For,
 * as Express reads it behind the sidecar (`trust proxy` is loopback in baseApp).
 */
export function clientKeyOf(req: { ip?: string }): string {
  // req.ip is only missing when the socket is already gone; such a request still gets counted.
  return addressKey(req.ip ?? 'unknown');
}
