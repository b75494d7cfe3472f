// The broker's part in master/slave replication (the role handling of Java's BrokerController).
// Every role runs the HA service on the broker's HA port, as Java binds it on slaves too; on a
// SYNC_MASTER it makes sends wait for a slave. A SLAVE follows its master's HA address: the one in
// haMasterAddress when set, else the one the name servers return when it registers (Java's
// updateMasterHAServerAddrPeriodically), and copies its master's tables (SlaveSynchronize).
//
// A configured haMasterAddress is checked against the name servers' answer before it is followed:
// when they know a master for this broker name and its HA address is another, the configured one
// belongs to some other broker (a copied config), and replicating from it would mix two brokers'
// logs; the slave logs that once and does not replicate until the two agree.

import type net from 'node:net';
import type { MessageStoreConfig } from '../common/config/message-store-config.js';
import { getLogger } from '../common/logger.js';
import { HAService } from '../ha/ha-service.js';
import type { MessageStore } from '../store/index.js';
import type { BrokerOuterAPI, RegisterBrokerResult } from './out/broker-outer-api.js';
import { type SlaveSyncHost, SlaveSynchronize } from './slave/slave-synchronize.js';

const log = getLogger('broker');

/** How often a master logs how far its slaves are behind (Java's printMasterAndSlaveDiff). */
const DIFF_LOG_PERIOD_MS = 60_000;

/** Java ignores a haMasterAddress shorter than this ("a:1" cannot be an address). */
const MIN_MASTER_ADDRESS_LENGTH = 6;

/** What processors may read of replication (runtime figures for GET_BROKER_RUNTIME_INFO). */
export interface ReplicationInfo {
  /** Adds the replication state to a runtime table. */
  addRuntimeInfo(m: Map<string, string>): void;
}

export interface BrokerReplicationHost extends SlaveSyncHost {
  readonly messageStoreConfig: MessageStoreConfig;
  readonly store: MessageStore;
  readonly outerApi: BrokerOuterAPI;
  readonly isSlave: boolean;
}

export class BrokerReplication implements ReplicationInfo {
  readonly ha: HAService;
  readonly slaveSync: SlaveSynchronize | null;
  /** The master's broker address as the name servers last answered (slaves). */
  masterAddr: string | null = null;
  private readonly configured: string | null;
  /** Whether the configured haMasterAddress may be followed (checked against the name servers). */
  private configuredAgreed = false;
  private mismatchLogged: string | null = null;
  private diffTimer: NodeJS.Timeout | null = null;

  constructor(private readonly host: BrokerReplicationHost, haServer: net.Server) {
    const address = host.messageStoreConfig.haMasterAddress;
    this.configured = host.isSlave && address.length >= MIN_MASTER_ADDRESS_LENGTH ? address : null;
    this.ha = new HAService(host.store, { server: haServer, followConfiguredMaster: false });
    this.slaveSync = host.isSlave ? new SlaveSynchronize(host, host.outerApi, host.messageStoreConfig.storePathRootDir) : null;
  }

  /** Starts the HA service; a slave without name servers follows its configured master at once. */
  async start(): Promise<void> {
    await this.ha.start();
    if (this.configured && this.host.outerApi.nameServerAddressList.length === 0) this.follow(this.configured);
    this.slaveSync?.start();
    if (!this.host.isSlave) {
      this.diffTimer = setInterval(() => {
        if (this.ha.connectionCount > 0) log.info('slave fall behind master', { bytes: this.ha.slaveFallBehindMuch() });
      }, DIFF_LOG_PERIOD_MS);
      this.diffTimer.unref?.();
    }
  }

  /** The first name server's answer to a REGISTER_BROKER, or null when none answered. */
  onRegistered(result: RegisterBrokerResult | null): void {
    if (!this.host.isSlave) return;
    if (result) {
      this.masterAddr = result.masterAddr ?? null;
      this.slaveSync?.setMasterAddr(this.masterAddr);
    }
    const named = result?.haServerAddr;
    if (!this.configured) {
      if (named) this.follow(named);
      return;
    }
    if (named && named !== this.configured) {
      if (this.mismatchLogged !== named) {
        this.mismatchLogged = named;
        log.error(
          "haMasterAddress is not the HA address of this broker's master as the name servers know it: not replicating from it (fix haMasterAddress, or brokerIP2 on the master)",
          { haMasterAddress: this.configured, masterHaAddress: named, master: this.masterAddr },
        );
      }
      this.configuredAgreed = false;
      this.ha.updateMasterAddress(null);
      return;
    }
    this.mismatchLogged = null;
    if (!this.configuredAgreed) this.follow(this.configured);
  }

  private follow(addr: string): void {
    if (addr === this.configured) this.configuredAgreed = true;
    this.ha.updateMasterAddress(addr);
  }

  addRuntimeInfo(m: Map<string, string>): void {
    const ha = this.ha;
    m.set('brokerRole', this.host.messageStoreConfig.brokerRole);
    if (this.host.isSlave) {
      const c = ha.client;
      m.set('masterAddr', this.masterAddr ?? '');
      m.set('haMasterAddress', c?.masterAddress ?? '');
      m.set('haMasterConnected', String(c?.isConnected ?? false));
      m.set('haSlaveAckOffset', String(c?.reportedOffset ?? 0));
      return;
    }
    m.set('haSlaveNum', String(ha.connectionCount));
    m.set('haMasterAckOffset', String(ha.ackedOffset));
    m.set('haSlaveFallBehindBytes', String(ha.connectionCount > 0 ? ha.slaveFallBehindMuch() : 0));
    for (const s of ha.slaves()) m.set(`haSlave_${s.addr}`, `ackOffset=${s.ackOffset} behindBytes=${s.behindBytes}`);
  }

  async shutdown(): Promise<void> {
    if (this.diffTimer) clearInterval(this.diffTimer);
    this.diffTimer = null;
    await this.slaveSync?.shutdown();
    await this.ha.shutdown();
  }
}
