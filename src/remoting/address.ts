// Socket addresses as RocketMQ writes them: "host:port", with IPv6 hosts written either bare
// ("::1:11921", as the Java name server advertises them) or bracketed ("[::1]:11921").

export interface HostPort {
  host: string;
  port: number;
}

export function parseAddress(addr: string): HostPort {
  const a = addr.trim();
  let host: string;
  let portText: string;
  if (a.startsWith('[')) {
    const close = a.indexOf(']');
    host = a.slice(1, close);
    portText = a.slice(close + 2);
  } else {
    const i = a.lastIndexOf(':');
    if (i < 0) throw new Error(`address ${JSON.stringify(addr)} has no port`);
    host = a.slice(0, i);
    portText = a.slice(i + 1);
  }
  const port = Number(portText);
  if (!host || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad address ${JSON.stringify(addr)}`);
  return { host, port };
}

/** "host:port" the way Java prints an address (IPv6 without brackets). */
export function formatAddress(host: string, port: number): string {
  return `${stripIpv4Mapped(host)}:${port}`;
}

/** "::ffff:127.0.0.1" -> "127.0.0.1": dual-stack sockets report IPv4 peers this way. */
export function stripIpv4Mapped(host: string): string {
  return host.startsWith('::ffff:') && host.includes('.') ? host.slice(7) : host;
}

/** Splits a `;`-separated name server list, as NAMESRV_ADDR and -n take it. */
export function splitAddressList(list: string | undefined | null): string[] {
  if (!list) return [];
  return list.split(/[;,]/).map((s) => s.trim()).filter((s) => s.length > 0);
}
