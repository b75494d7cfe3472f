// Errors the store raises from open(), close() and its maintenance work. Put and get report their
// outcome as status codes instead (status.ts), as the broker maps those to response codes.

import { MQError } from '../common/errors.js';

export class StoreError extends MQError {}

/** Another store (in this process or another) holds the directory's lock file. */
export class StoreLockedError extends StoreError {}

/** Files on disk that recovery cannot use, for example a segment of the wrong size. */
export class StoreCorruptError extends StoreError {}

/** An operation on a store that is not open. */
export class StoreClosedError extends StoreError {}
