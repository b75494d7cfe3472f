// Why the store may refuse work (Java's RunningFlags): a full disk, a failed consume-queue or
// index write, or an explicit switch.

export class RunningFlags {
  notReadable = false;
  notWriteable = false;
  logicsQueueError = false;
  indexFileError = false;
  diskFull = false;

  get isReadable(): boolean {
    return !this.notReadable;
  }

  get isWriteable(): boolean {
    return !(this.notWriteable || this.logicsQueueError || this.diskFull || this.indexFileError);
  }

  /** Java's flag bits, for logs and runtime info. */
  get bits(): number {
    return (this.notReadable ? 1 : 0) | (this.notWriteable ? 2 : 0) | (this.logicsQueueError ? 4 : 0) | (this.indexFileError ? 8 : 0) |
      (this.diskFull ? 16 : 0);
  }
}
