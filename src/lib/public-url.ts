// Is this URL one Polis may fetch for a caller? http(s) to a public host only (SPEC §4):
// no loopback, private, link-local, CGNAT, multicast or reserved addresses, no credentials.
// A hostname that resolves to a private address is stopped by the platform (Workers reach
// only the public internet), so this check is about what the caller can name directly.

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.lan'];

export function checkPublicUrl(value: string): UrlVerdict {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'url must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'url must use http or https' };
  }
  if (url.username || url.password)
    return { ok: false, reason: 'url must not contain credentials' };

  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return { ok: false, reason: 'url must point to a public host, not a local one' };
  }
  if (!host.includes('.') && !host.startsWith('[')) {
    return { ok: false, reason: 'url must point to a public host with a domain name' };
  }
  const v4 = parseIpv4(host);
  if (v4 && !isPublicIpv4(v4))
    return { ok: false, reason: 'url must not point to a private or reserved address' };
  if (host.startsWith('[') && !isPublicIpv6(host.slice(1, -1))) {
    return { ok: false, reason: 'url must not point to a private or reserved address' };
  }
  return { ok: true, url };
}

function parseIpv4(host: string): number[] | null {
  // URL normalizes decimal, octal and hex forms (http://2130706433/) to dotted quads.
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return null;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

function isPublicIpv4([a, b]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127) return false; // "this network", private, loopback
  if (a === 100 && b! >= 64 && b! <= 127) return false; // CGNAT
  if (a === 169 && b === 254) return false; // link-local (cloud metadata lives here)
  if (a === 172 && b! >= 16 && b! <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0) return false; // IETF protocol assignments, TEST-NET-1
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a! >= 224) return false; // multicast, reserved, broadcast
  return true;
}

function isPublicIpv6(host: string): boolean {
  const address = host.toLowerCase();
  if (address === '::' || address === '::1') return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return isPublicIpv4(mapped[1]!.split('.').map(Number));
  if (/^::ffff:/.test(address)) return false; // mapped, in hex form: refuse rather than decode
  if (/^f[cd]/.test(address)) return false; // unique local fc00::/7
  if (/^fe[89ab]/.test(address)) return false; // link-local fe80::/10
  if (/^ff/.test(address)) return false; // multicast
  return true;
}
