// Which network addresses outbound requests to admin- or server-supplied URLs may reach.
import net from "node:net";

const METADATA_HOSTS = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.azure.com",
  "metadata.oraclecloud.com",
]);

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
}

function inV4(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/") as [string, string];
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return (ipv4ToInt(ip) & mask) === (ipv4ToInt(base) & mask);
}

/** Expands an IPv6 address to 8 groups of 16 bits. */
function ipv6Groups(ip: string): number[] {
  let addr = ip.split("%")[0]!.toLowerCase();
  // Embedded IPv4 tail (::ffff:1.2.3.4).
  const v4 = addr.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const n = ipv4ToInt(v4[1]!);
    addr = addr.replace(v4[1]!, `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`);
  }
  const [head, tail] = addr.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const fill = tail !== undefined ? new Array(8 - h.length - t.length).fill("0") : [];
  return [...h, ...fill, ...t].map((g) => parseInt(g || "0", 16));
}

const v4Of = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");

/**
 * The IPv4 address an IPv6 address maps or translates to, if any: ::ffff:a.b.c.d, ::a.b.c.d, the NAT64 prefixes
 * 64:ff9b::/96 and 64:ff9b:1::/48 (RFC 6052, 8215), and 6to4 2002::/16 — on a network that translates them, they
 * reach that IPv4 address, so they are judged as it.
 */
function embeddedV4(groups: number[]): string | undefined {
  const prefixZero = groups.slice(0, 5).every((g) => g === 0);
  if (prefixZero && (groups[5] === 0xffff || groups[5] === 0)) {
    const hi = groups[6]!;
    const lo = groups[7]!;
    if (groups[5] === 0 && hi === 0) return undefined; // :: and ::1 are not IPv4
    return v4Of(hi, lo);
  }
  if (groups[0] === 0x64 && groups[1] === 0xff9b && (groups[2] === 1 || groups.slice(2, 6).every((g) => g === 0)))
    return v4Of(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4Of(groups[1]!, groups[2]!);
  return undefined;
}

/**
 * Cloud metadata services outside the link-local range: Alibaba Cloud (100.100.100.200, inside carrier-grade NAT
 * space), Oracle Cloud's legacy endpoint (192.0.0.192) and AWS over IPv6 (fd00:ec2::254, a unique-local address).
 * Refused whatever the private-range setting, like 169.254.169.254.
 */
const METADATA_V4 = new Set(["100.100.100.200", "192.0.0.192"]);
const METADATA_V6 = ["fd00:ec2::254"].map((a) => ipv6Groups(a).join(":"));

export function isMetadataAddress(ip: string): boolean {
  if (net.isIPv4(ip)) return METADATA_V4.has(ip);
  if (!net.isIPv6(ip)) return false;
  const groups = ipv6Groups(ip);
  const v4 = embeddedV4(groups);
  return v4 ? METADATA_V4.has(v4) : METADATA_V6.includes(groups.join(":"));
}

export type AddressClass = "public" | "loopback" | "private" | "link_local" | "unspecified" | "multicast" | "reserved";

export function classifyAddress(ip: string): AddressClass {
  if (net.isIPv4(ip)) {
    if (inV4(ip, "0.0.0.0/8")) return "unspecified";
    if (inV4(ip, "127.0.0.0/8")) return "loopback";
    if (inV4(ip, "169.254.0.0/16")) return "link_local";
    if (inV4(ip, "10.0.0.0/8") || inV4(ip, "172.16.0.0/12") || inV4(ip, "192.168.0.0/16") || inV4(ip, "100.64.0.0/10"))
      return "private";
    if (inV4(ip, "224.0.0.0/4")) return "multicast";
    if (inV4(ip, "240.0.0.0/4")) return "reserved";
    return "public";
  }
  if (net.isIPv6(ip)) {
    const g = ipv6Groups(ip);
    const v4 = embeddedV4(g);
    if (v4) return classifyAddress(v4);
    if (g.every((x) => x === 0)) return "unspecified";
    if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return "loopback";
    if ((g[0]! & 0xffc0) === 0xfe80) return "link_local";
    if ((g[0]! & 0xfe00) === 0xfc00) return "private";
    if ((g[0]! & 0xff00) === 0xff00) return "multicast";
    return "public";
  }
  return "reserved";
}

export function isMetadataHost(hostname: string): boolean {
  return METADATA_HOSTS.has(hostname.toLowerCase().replace(/\.$/, ""));
}

/**
 * Why an address may not be contacted, or undefined when it may. Link-local (which includes the cloud metadata
 * address 169.254.169.254), unspecified, multicast and reserved ranges are always refused; loopback and private
 * ranges only when `denyPrivate` is set (hardened deployments), since self-hosted MCP servers often live there.
 */
export function refusalFor(ip: string, denyPrivate: boolean): string | undefined {
  if (isMetadataAddress(ip)) return "cloud metadata address";
  const c = classifyAddress(ip);
  if (c === "public") return undefined;
  if ((c === "loopback" || c === "private") && !denyPrivate) return undefined;
  return `${c.replace("_", "-")} address`;
}
