// Lazily opened files with a cap on how many stay open at once. A broker can have thousands of
// consume queues; each queue file is opened when first read or written and closed again, least
// recently used first, once more than `maxOpen` are open and nobody is using it.

import { closeFile, OPEN_RW_CREATE, openFile } from './file-io.js';

export class PooledFile {
  private fd = -1;
  private opening: Promise<number> | null = null;
  private refs = 0;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly pool: FilePool,
  ) {}

  /** Opens when needed and pins the file open until release(). */
  async acquire(): Promise<number> {
    if (this.closed) throw new Error(`file closed: ${this.path}`);
    this.refs++;
    this.pool.touch(this);
    if (this.fd >= 0) return this.fd;
    try {
      this.opening ??= openFile(this.path, OPEN_RW_CREATE);
      this.fd = await this.opening;
      return this.fd;
    } catch (err) {
      this.refs--;
      throw err;
    } finally {
      this.opening = null;
    }
  }

  release(): void {
    this.refs--;
    if (this.refs === 0) this.pool.trim();
  }

  /** Runs `fn` with the file open. */
  async use<T>(fn: (fd: number) => Promise<T>): Promise<T> {
    const fd = await this.acquire();
    try {
      return await fn(fd);
    } finally {
      this.release();
    }
  }

  get isOpen(): boolean {
    return this.fd >= 0;
  }

  get inUse(): boolean {
    return this.refs > 0 || this.opening !== null;
  }

  /** Closes the descriptor (it reopens on the next acquire). Only call when not in use. */
  async closeFd(): Promise<void> {
    const fd = this.fd;
    this.fd = -1;
    this.pool.forget(this);
    if (fd >= 0) await closeFile(fd).catch(() => undefined);
  }

  /** Closes for good; later acquires fail. */
  async dispose(): Promise<void> {
    this.closed = true;
    await this.closeFd();
  }
}

export class FilePool {
  private readonly lru = new Set<PooledFile>();

  constructor(private readonly maxOpen = 1024) {}

  file(path: string): PooledFile {
    return new PooledFile(path, this);
  }

  touch(f: PooledFile): void {
    this.lru.delete(f);
    this.lru.add(f);
  }

  forget(f: PooledFile): void {
    this.lru.delete(f);
  }

  trim(): void {
    if (this.lru.size <= this.maxOpen) return;
    for (const f of this.lru) {
      if (this.lru.size <= this.maxOpen) break;
      if (!f.inUse && f.isOpen) void f.closeFd();
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all(Array.from(this.lru, (f) => f.closeFd()));
  }
}
