// Putting a due timer message back (RocketMQ 5's TimerMessageStore.convert, convertMessage and
// doPut). A due message goes to REAL_TOPIC / REAL_QID with its properties string as stored plus
// TIMER_ENQUEUE_MS and TIMER_DEQUEUE_MS (so REAL_TOPIC, REAL_QID and TIMER_OUT_MS stay, as Java's
// copies show); a rolled one (its time beyond the roll window) goes back into rmq_sys_wheel_timer
// with TIMER_ROLL_TIMES + 1, to be taken into the wheel again. Stored refusals of the message
// itself are final; a busy or unavailable store is tried again, three times in all unless
// timerEnableRetryUntilSuccess, as Java does.

import { getLogger } from '../../common/logger.js';
import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import { getProperty, putProperty } from '../../common/message/properties.js';
import { decodeMessage } from '../../common/message/record-codec.js';
import { type PutMessageInput, PutMessageStatus } from '../../store/index.js';
import { reputInput } from '../reput-input.js';

const log = getLogger('broker');
const C = MessageConst;

/** Unit magic bits (TimerMessageStore.MAGIC_*). */
export const TimerMagic = { DEFAULT: 1, ROLL: 1 << 1, DELETE: 1 << 2 } as const;

/** The put that delivers a stored timer record, or null when the record cannot be delivered. */
export function deliveryInput(raw: Buffer, enqueueTimeMs: number, roll: boolean, now: number): PutMessageInput | null {
  let m;
  try {
    m = decodeMessage(raw, 0, { decompress: false });
  } catch (err) {
    log.error('cannot decode a timer message; skipped', { err });
    return null;
  }
  let props = putProperty(m.propertiesString, C.PROPERTY_TIMER_ENQUEUE_MS, String(enqueueTimeMs));
  if (roll) {
    const times = Number.parseInt(getProperty(props, C.PROPERTY_TIMER_ROLL_TIMES) ?? '0', 10) || 0;
    props = putProperty(props, C.PROPERTY_TIMER_ROLL_TIMES, String(times + 1));
  }
  props = putProperty(props, C.PROPERTY_TIMER_DEQUEUE_MS, String(now));
  let topic = m.topic;
  let queueId = m.queueId;
  if (!roll) {
    topic = getProperty(props, C.PROPERTY_REAL_TOPIC) ?? '';
    queueId = Number.parseInt(getProperty(props, C.PROPERTY_REAL_QUEUE_ID) ?? '', 10);
    if (!topic || topic === SystemTopic.TIMER || !Number.isInteger(queueId) || queueId < 0) {
      log.error('timer message without a deliverable real topic; discarded', { msgId: m.msgId, topic });
      return null;
    }
  }
  return reputInput(m, topic, queueId, props);
}

/** What a put's status means for a delivery (doPut's PUT_OK, PUT_NO_RETRY, PUT_NEED_RETRY). */
export function deliveryVerdict(status: PutMessageStatus, skipUnknownError: boolean): 'done' | 'drop' | 'retry' {
  switch (status) {
    case PutMessageStatus.PUT_OK:
    // Stored; only the flush or the slave was late (Java tries again here, storing a duplicate).
    case PutMessageStatus.FLUSH_DISK_TIMEOUT:
    case PutMessageStatus.FLUSH_SLAVE_TIMEOUT:
    case PutMessageStatus.SLAVE_NOT_AVAILABLE:
      return 'done';
    case PutMessageStatus.MESSAGE_ILLEGAL:
    case PutMessageStatus.PROPERTIES_SIZE_EXCEEDED:
    case PutMessageStatus.WHEEL_TIMER_NOT_ENABLE:
    case PutMessageStatus.WHEEL_TIMER_MSG_ILLEGAL:
      return 'drop';
    case PutMessageStatus.SERVICE_NOT_AVAILABLE:
    case PutMessageStatus.OS_PAGECACHE_BUSY:
    case PutMessageStatus.CREATE_MAPEDFILE_FAILED:
      return 'retry';
    default:
      return skipUnknownError ? 'drop' : 'retry';
  }
}
