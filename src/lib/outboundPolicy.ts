import dns from 'node:dns';
import net from 'node:net';

/**
 * Which addresses Leasewire may call on a tenant's behalf (webhook URLs, an integration's
 * base_url). Under `deny` the private, loopback, link-local (cloud metadata), shared, benchmark,
 * multicast and reserved ranges are refused, so an API key cannot make the server reach the
 * network it runs in. The check is on the address actually connected to: literal IPs before the
 * request, host names in `lookup`, after DNS (a public name that resolves to 10.0.0.5, or DNS
 * rebinding, is caught).
 *
 * The library default is `allow` (tests and components built directly are unaffected); a process
 * sets its configured value once, at boot (src/runtime/boot.ts).
 */
export type PrivateNetworks = 'allow' | 'deny';

let current: PrivateNetworks = 'allow';

export function setPrivateNetworks(value: PrivateNetworks): void {
  current = value;
}

export function privateNetworks(): PrivateNetworks {
  return current;
}

export const PRIVATE_ADDRESS_CODE = 'ELEASEWIRE_PRIVATE_ADDRESS';

const howToAllow = 'set LEASEWIRE_PRIVATE_NETWORKS=allow to let Leasewire call private networks';

/** A connection refused by the policy; `code` is ELEASEWIRE_PRIVATE_ADDRESS. */
export class PrivateAddressError extends Error {
  override name = 'PrivateAddressError';
  readonly code = PRIVATE_ADDRESS_CODE;
  constructor(
    readonly address: string,
    readonly hostname?: string,
  ) {
    super(
      hostname && hostname !== address
        ? `refused to connect to ${hostname} (${address}, a private address): ${howToAllow}`
        : `refused to connect to ${address} (a private address): ${howToAllow}`,
    );
  }
}

export function isPrivateAddressError(err: unknown): err is PrivateAddressError {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === PRIVATE_ADDRESS_CODE;
}

/** Refused IPv4 ranges as [first address, prefix length]. */
const ipv4Ranges: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (shared address space)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 3], // multicast (224/4), reserved (240/4) and broadcast: 224.0.0.0 and above
];

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const ipv4Masks = ipv4Ranges.map(([base, bits]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (ipv4ToInt(base) & mask) >>> 0, mask };
});

function privateIPv4(n: number): boolean {
  return ipv4Masks.some(({ base, mask }) => ((n & mask) >>> 0) === base);
}

/** The eight 16-bit groups of an IPv6 address (valid per net.isIPv6, zone id already removed). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const tail: number[] = [];
  // A dotted IPv4 tail (::ffff:10.0.0.5) is two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = ipv4ToInt(dotted[1]!);
    tail.push(Math.floor(n / 65536), n % 65536);
    text = text.slice(0, -dotted[1]!.length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const missing = 8 - left.length - right.length - tail.length;
  return [...left, ...Array<number>(rest === undefined ? 0 : missing).fill(0), ...right, ...tail];
}

/**
 * True when `ip` is in a refused range: IPv4 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
 * 192.0.0/24, 192.168/16, 198.18/15, 224.0.0.0 and above; IPv6 ::, ::1, fc00::/7, fe80::/10,
 * fec0::/10, ff00::/8, and the forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d,
 * IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:aabb:ccdd::) judged as that IPv4
 * address. False for anything that is not an IP address.
 */
export function isPrivateAddress(ip: string): boolean {
  const address = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (net.isIPv4(address)) return privateIPv4(ipv4ToInt(address));
  if (!net.isIPv6(address)) return false;
  const g = ipv6Groups(address.replace(/%.*$/, ''));
  const zeroUntil = (i: number) => g.slice(0, i).every((x) => x === 0);
  if (zeroUntil(8)) return true; // ::
  if (zeroUntil(7) && g[7] === 1) return true; // ::1
  const embedded = (hi: number, lo: number) => privateIPv4(g[hi]! * 65536 + g[lo]!);
  if (zeroUntil(5) && g[5] === 0xffff) return embedded(6, 7); // ::ffff:a.b.c.d, IPv4-mapped
  if (zeroUntil(6)) return embedded(6, 7); // ::a.b.c.d, the deprecated IPv4-compatible form
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embedded(6, 7); // 64:ff9b::/96, NAT64
  if (g[0] === 0x2002) return embedded(1, 2); // 2002::/16, 6to4: the IPv4 address is in groups 1 and 2
  const first = g[0]!;
  // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local (deprecated), ff00::/8 multicast
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0 || (first & 0xff00) === 0xff00;
}

/** A URL's host as an IP address (IPv6 without its brackets), or null when it is a name. */
function literalIp(hostname: string): string | null {
  const h = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return net.isIP(h) ? h : null;
}

/**
 * For a URL's host before connecting (node does not call `lookup` for a literal IP): the refusal
 * under `deny` when it is a private IP, else null. Names are judged later, by `lookup`.
 */
export function refusedLiteral(hostname: string): PrivateAddressError | null {
  if (current === 'allow') return null;
  const ip = literalIp(hostname);
  return ip !== null && isPrivateAddress(ip) ? new PrivateAddressError(ip) : null;
}

/**
 * What a tenant-given URL host is refused for at the time it is saved, or null: under `deny`, a
 * literal private IP or localhost (names are checked when they are called).
 */
export function privateHostProblem(hostname: string): string | null {
  if (current === 'allow') return null;
  const ip = literalIp(hostname);
  const name = hostname.toLowerCase().replace(/\.$/, '');
  const isPrivate = ip !== null ? isPrivateAddress(ip) : name === 'localhost' || name.endsWith('.localhost');
  if (!isPrivate) return null;
  return `points at ${ip ?? name}, a private address, which this server does not call (LEASEWIRE_PRIVATE_NETWORKS=deny): use a public address, or ask the operator to set LEASEWIRE_PRIVATE_NETWORKS=allow`;
}

type Resolver = (hostname: string, options: dns.LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

/**
 * A `lookup` for node:net/http (agents, http.request) that resolves with `resolve` (dns.lookup)
 * and, under `deny`, fails with a PrivateAddressError when any address the name resolves to is
 * private. It answers in the shape asked for (`all` or one address).
 */
export function makeLookup(resolve: Resolver): net.LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '', undefined);
      if (current === 'deny') {
        const refused = addresses.find((a) => isPrivateAddress(a.address));
        if (refused) return callback(new PrivateAddressError(refused.address, hostname), options.all ? [] : '', undefined);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} resolved to no address`), { code: 'ENOTFOUND', hostname }), '', undefined);
      callback(null, first.address, first.family);
    });
  };
}

/** The policy's `lookup` on the system resolver. */
export const lookup: net.LookupFunction = makeLookup((hostname, options, callback) => dns.lookup(hostname, options, callback));
