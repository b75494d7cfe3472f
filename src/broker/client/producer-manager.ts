// Online producers by group (Java's ProducerManager): who sent heartbeats, for connection listings,
// for asking a producer about a half message's fate, and (by client id) for pushing a reply to the
// client that sent a request.

import { getLogger } from '../../common/logger.js';
import type { ClientChannel, ClientChannelInfo } from './client-channel.js';

const log = getLogger('broker');

export class ProducerManager {
  readonly groupChannelTable = new Map<string, Map<ClientChannel, ClientChannelInfo>>();
  /** Client id -> the connection it last heartbeated on (Java's clientChannelTable). */
  private readonly clientChannelTable = new Map<string, ClientChannel>();
  private counter = 0;

  constructor(private readonly now: () => number = Date.now) {}

  registerProducer(group: string, info: ClientChannelInfo): void {
    let t = this.groupChannelTable.get(group);
    if (!t) this.groupChannelTable.set(group, t = new Map());
    // Every heartbeat, not only the first (Java): a client that unregistered one of its groups
    // stays reachable through the others.
    this.clientChannelTable.set(info.clientId, info.channel);
    const found = t.get(info.channel);
    if (found) {
      found.lastUpdateTimestamp = this.now();
      return;
    }
    t.set(info.channel, info);
    log.info('new producer connected', { group, clientId: info.clientId, addr: info.channel.remoteAddress });
  }

  unregisterProducer(group: string, channel: ClientChannel): void {
    const t = this.groupChannelTable.get(group);
    if (!t) return;
    const info = t.get(channel);
    if (t.delete(channel)) log.info('unregister a producer', { group, addr: channel.remoteAddress });
    if (t.size === 0) this.groupChannelTable.delete(group);
    if (info && !this.hasChannel(channel)) this.forgetClient(info.clientId, channel);
  }

  doChannelCloseEvent(channel: ClientChannel): void {
    for (const [group, t] of [...this.groupChannelTable]) {
      const info = t.get(channel);
      if (!info) continue;
      t.delete(channel);
      this.forgetClient(info.clientId, channel);
      log.info('remove closed producer connection', { group, addr: channel.remoteAddress });
      if (t.size === 0) this.groupChannelTable.delete(group);
    }
  }

  /** The open connection of the client with this id (ProducerManager.findChannel), for reply pushes. */
  findChannel(clientId: string): ClientChannel | undefined {
    const c = this.clientChannelTable.get(clientId);
    return c !== undefined && c.isOpen ? c : undefined;
  }

  private hasChannel(channel: ClientChannel): boolean {
    for (const t of this.groupChannelTable.values()) if (t.has(channel)) return true;
    return false;
  }

  private forgetClient(clientId: string, channel: ClientChannel): void {
    if (this.clientChannelTable.get(clientId) === channel) this.clientChannelTable.delete(clientId);
  }

  /** Drops (and closes) producers silent for longer than `expiredMs`. */
  scanNotActiveChannel(expiredMs: number): void {
    const now = this.now();
    for (const [group, t] of [...this.groupChannelTable]) {
      for (const [channel, info] of [...t]) {
        if (now - info.lastUpdateTimestamp <= expiredMs) continue;
        t.delete(channel);
        this.forgetClient(info.clientId, channel);
        log.warn('remove expired producer connection', { group, addr: channel.remoteAddress, clientId: info.clientId });
        channel.close();
      }
      if (t.size === 0) this.groupChannelTable.delete(group);
    }
  }

  /** One open connection of the group, taken round robin (for transaction checks). */
  getAvailableChannel(group: string): ClientChannel | undefined {
    const t = this.groupChannelTable.get(group);
    if (!t || t.size === 0) return undefined;
    const channels = [...t.keys()];
    for (let i = 0; i < channels.length; i++) {
      const c = channels[(this.counter++ & 0x7fffffff) % channels.length]!;
      if (c.isOpen) return c;
    }
    return undefined;
  }
}
