// MQVersion names live in src/common/mq-version.ts; admin output imports them from here.

export { MQ_VERSION_COUNT, mqVersionDesc } from '../../common/mq-version.js';
