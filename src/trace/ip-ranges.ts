// AWS's published address ranges (ip-ranges.json), read from a file the user gives: whether a
// source IP is AWS's, and which service and region it belongs to. Never fetched: the CLI reads the
// file (--aws-ip-ranges or TRAIL_TRACE_AWS_IP_RANGES) and passes the parsed document in. Pure.
//
// Format (https://docs.aws.amazon.com/vpc/latest/userguide/aws-ip-ranges.html): {"syncToken",
// "createDate", "prefixes": [{"ip_prefix", "region", "service", "network_border_group"}],
// "ipv6_prefixes": [{"ipv6_prefix", "region", "service", …}]}. Every range is listed under the
// catch-all service "AMAZON" and again under its own service (EC2, S3, …) when it has one.

import ipaddr from 'ipaddr.js';

export interface AwsRange {
  prefix: string;
  region: string;
  /** The most specific service named for the prefix: "EC2" rather than "AMAZON". */
  service: string;
}

export interface AwsIpRanges {
  /** The file's createDate, as AWS wrote it ("2026-11-30-18-03-12"). */
  createDate: string | null;
  /** The AWS range holding this address, or null when it is not AWS's (or not an address). */
  lookup(ip: string): AwsRange | null;
}

type Parsed = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** An IPv4 address in four plain decimal parts (a zero-padded "064" is no address), or an IPv6 one. */
export function parseAddress(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) return ipaddr.IPv4.parse(ip);
  if (ipaddr.IPv6.isValid(ip)) return ipaddr.IPv6.parse(ip);
  return null;
}

/** Whether the address is a public one (not private, loopback, link-local, documentation…). */
export function isPublicAddress(ip: string): boolean {
  const address = parseAddress(ip);
  return address !== null && address.range() === 'unicast';
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Reads a parsed ip-ranges.json. Throws an Error saying what is wrong when the document is not one
 * (the CLI turns it into a user error); entries it cannot read are skipped and counted.
 */
export function awsIpRanges(doc: unknown): AwsIpRanges & { skipped: number; ranges: number } {
  const root = (doc ?? {}) as Record<string, unknown>;
  if (typeof root !== 'object' || (!Array.isArray(root.prefixes) && !Array.isArray(root.ipv6_prefixes))) {
    throw new Error('not an AWS ip-ranges.json document (no "prefixes" or "ipv6_prefixes" list)');
  }
  const byPrefix = new Map<string, { range: Parsed; region: string; service: string }>();
  let skipped = 0;
  const add = (entry: unknown, field: 'ip_prefix' | 'ipv6_prefix') => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const prefix = text(e[field]);
    if (!prefix) return void skipped++;
    let range: Parsed;
    try {
      range = ipaddr.parseCIDR(prefix);
    } catch {
      return void skipped++;
    }
    const service = text(e.service) ?? 'AMAZON';
    const known = byPrefix.get(prefix);
    if (known && service === 'AMAZON') return;
    byPrefix.set(prefix, { range, region: text(e.region) ?? 'GLOBAL', service });
  };
  for (const e of Array.isArray(root.prefixes) ? root.prefixes : []) add(e, 'ip_prefix');
  for (const e of Array.isArray(root.ipv6_prefixes) ? root.ipv6_prefixes : []) add(e, 'ipv6_prefix');
  const entries = [...byPrefix.entries()];
  return {
    createDate: text(root.createDate),
    skipped,
    ranges: entries.length,
    lookup(ip) {
      const address = parseAddress(ip);
      if (!address) return null;
      let best: { prefix: string; bits: number; region: string; service: string } | null = null;
      for (const [prefix, r] of entries) {
        const [net, bits] = r.range;
        if (net.kind() !== address.kind() || !address.match(net, bits)) continue;
        if (!best || bits > best.bits || (bits === best.bits && best.service === 'AMAZON')) best = { prefix, bits, region: r.region, service: r.service };
      }
      return best ? { prefix: best.prefix, region: best.region, service: best.service } : null;
    },
  };
}
