// The consumer enums as Java spells them (fastjson writes enums by name). Each table's key order
// is the Java ordinal order, which fastjson also accepts on input.

import { b, type BeanType, defineBean } from './bean.js';

export const ConsumeType = {
  /** Pull consumer. */
  CONSUME_ACTIVELY: 'CONSUME_ACTIVELY',
  /** Push consumer. */
  CONSUME_PASSIVELY: 'CONSUME_PASSIVELY',
} as const;
export type ConsumeType = (typeof ConsumeType)[keyof typeof ConsumeType];
export const CONSUME_TYPES: readonly ConsumeType[] = Object.values(ConsumeType);
/** The short names mqadmin prints (ConsumeType.getTypeCN). */
export const consumeTypeCN: Record<ConsumeType, string> = { CONSUME_ACTIVELY: 'PULL', CONSUME_PASSIVELY: 'PUSH' };

export const MessageModel = {
  BROADCASTING: 'BROADCASTING',
  CLUSTERING: 'CLUSTERING',
} as const;
export type MessageModel = (typeof MessageModel)[keyof typeof MessageModel];
export const MESSAGE_MODELS: readonly MessageModel[] = Object.values(MessageModel);

export const ConsumeFromWhere = {
  CONSUME_FROM_LAST_OFFSET: 'CONSUME_FROM_LAST_OFFSET',
  /** Deprecated in Java; kept so old clients' heartbeats decode. */
  CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST: 'CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST',
  CONSUME_FROM_MIN_OFFSET: 'CONSUME_FROM_MIN_OFFSET',
  CONSUME_FROM_MAX_OFFSET: 'CONSUME_FROM_MAX_OFFSET',
  CONSUME_FROM_FIRST_OFFSET: 'CONSUME_FROM_FIRST_OFFSET',
  CONSUME_FROM_TIMESTAMP: 'CONSUME_FROM_TIMESTAMP',
} as const;
export type ConsumeFromWhere = (typeof ConsumeFromWhere)[keyof typeof ConsumeFromWhere];
export const CONSUME_FROM_WHERES: readonly ConsumeFromWhere[] = Object.values(ConsumeFromWhere);

/** The three enums a consumer group declares, read together from ConsumerData and ConsumerConnection. */
export const ConsumeModeBean = defineBean('ConsumeMode', {
  consumeType: b.enumOf(CONSUME_TYPES),
  messageModel: b.enumOf(MESSAGE_MODELS),
  consumeFromWhere: b.enumOf(CONSUME_FROM_WHERES),
});
export type ConsumeMode = BeanType<typeof ConsumeModeBean>;
