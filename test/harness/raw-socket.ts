// A bare TCP connection for tests that play a misbehaving client: it writes what the test writes,
// reads nothing unless told to, and says when the server closed it.

import net from 'node:net';

export interface RawSocket {
  socket: net.Socket;
  /** Resolves when the connection is closed (by either side). */
  closed: Promise<void>;
}

/** Connects to `addr` ("host:port"); destroyed when the test ends. */
export async function connectRaw(t: { after(fn: () => unknown): void }, addr: string): Promise<RawSocket> {
  const i = addr.lastIndexOf(':');
  const socket = net.connect({ host: addr.slice(0, i), port: Number(addr.slice(i + 1)) });
  t.after(() => {
    socket.destroy();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, closed };
}
