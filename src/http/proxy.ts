/**
 * Which HTTP proxy, if any, a request to an API goes through, following the conventions of the
 * official (Go) providers: HTTPS_PROXY for https endpoints, HTTP_PROXY for http ones (upper or lower
 * case), NO_PROXY exclusions, and never a proxy for loopback addresses.
 */

type Environment = Record<string, string | undefined>;

/** The proxy URL for `target`, or undefined when it is reached directly. */
export function proxyFromEnvironment(target: URL, environment: Environment = process.env): string | undefined {
  if (isLoopback(target.hostname)) return undefined;
  const read = (name: string) => environment[name] || environment[name.toLowerCase()] || undefined;
  const proxy = target.protocol === 'https:' ? read('HTTPS_PROXY') : read('HTTP_PROXY');
  if (!proxy) return undefined;
  return excludedByNoProxy(target, read('NO_PROXY') ?? '') ? undefined : proxy;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * NO_PROXY entries, comma or space separated: `*` (everything), a host or IP (`es.internal`),
 * a domain and its subdomains (`example.com` or `.example.com`), optionally with a port (`host:9243`).
 */
function excludedByNoProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry.length > 0)
    .some((raw) => {
      if (raw === '*') return true;
      const entry = parseNoProxyEntry(raw.toLowerCase());
      if (!entry || (entry.port !== undefined && entry.port !== port)) return false;
      const domain = entry.host.replace(/^\*?\./, '');
      return host === domain || host.endsWith(`.${domain}`);
    });
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address. */
function parseNoProxyEntry(entry: string): { host: string; port?: string } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] };
  if ((entry.match(/:/g) ?? []).length > 1) return { host: entry };
  const plain = /^([^:]+)(?::(\d+))?$/.exec(entry);
  return plain ? { host: plain[1], port: plain[2] } : undefined;
}
