// SubscriptionData: what a consumer subscribed to on one topic, as heartbeats, consumer
// connection lists and running info carry it:
//   {"classFilterMode":false,"codeSet":[<hash>..],"expressionType":"TAG|SQL92","subString":"a || b",
//    "subVersion":<ms>,"tagsSet":["a","b"],"topic":"T"}
// codeSet holds Java String.hashCode of each tag (the consume queue's tag code); filterClassSource
// never travels. Also the topic filter and expression type names.

import { ExpressionType, isTagType } from '../../common/filter/expression-type.js';
import { javaHashCode } from '../../common/message/java-hash.js';
import { RemotingCommandError } from '../errors.js';
import type { FJValue } from '../fastjson.js';
import { asObject, type Bean, bool, list, num, reqStr, str, strList } from './bean.js';

export const SUB_ALL = '*';

export { ExpressionType, isTagType } from '../../common/filter/expression-type.js';

export const TopicFilterType = {
  SINGLE_TAG: 'SINGLE_TAG',
  MULTI_TAG: 'MULTI_TAG',
} as const;
export type TopicFilterType = (typeof TopicFilterType)[keyof typeof TopicFilterType];

export interface SubscriptionData {
  classFilterMode: boolean;
  topic: string;
  subString: string;
  /** Tags in the order the expression lists them (a Java HashSet on the other side). */
  tagsSet: Set<string>;
  codeSet: Set<number>;
  subVersion: number;
  expressionType: string;
  /** Kept in memory only, as in Java (@JSONField(serialize = false)). */
  filterClassSource?: string;
}

/** Java String.hashCode (int32), the tag code the consume queue stores and pulls filter by. */
export function tagHashCode(tag: string): number {
  return javaHashCode(tag);
}

// String.trim: strips every char up to U+0020, not just Unicode white space.
function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.slice(a, b);
}

/**
 * FilterAPI.build: a TAG expression "a || b" becomes its tags and their hash codes; "*", "" or
 * null subscribes to everything. SQL92 expressions are kept as written.
 */
export function buildSubscriptionData(
  topic: string,
  subString: string | null | undefined,
  expressionType?: string | null,
  subVersion: number = Date.now(),
): SubscriptionData {
  const sd: SubscriptionData = {
    classFilterMode: false,
    topic,
    subString: subString ?? SUB_ALL,
    tagsSet: new Set(),
    codeSet: new Set(),
    subVersion,
    expressionType: ExpressionType.TAG,
  };
  if (!isTagType(expressionType)) {
    if (!subString) throw new RemotingCommandError(`Expression can't be null! ${expressionType}`);
    sd.expressionType = expressionType!;
    return sd;
  }
  if (!subString || subString === SUB_ALL) {
    sd.subString = SUB_ALL;
    return sd;
  }
  for (const part of subString.split('||')) {
    const tag = javaTrim(part);
    if (tag.length === 0) continue;
    sd.tagsSet.add(tag);
    sd.codeSet.add(tagHashCode(tag));
  }
  return sd;
}

/** SubscriptionData.compareTo: by "topic@subString" (TreeSet order in ConsumerRunningInfo). */
export function compareSubscriptionData(a: SubscriptionData, b: SubscriptionData): number {
  const x = `${a.topic}@${a.subString}`;
  const y = `${b.topic}@${b.subString}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function subscriptionDataToJson(sd: SubscriptionData): Record<string, unknown> {
  return {
    classFilterMode: sd.classFilterMode,
    codeSet: [...sd.codeSet],
    expressionType: sd.expressionType,
    subString: sd.subString,
    subVersion: sd.subVersion,
    tagsSet: [...sd.tagsSet],
    topic: sd.topic,
  };
}

export function subscriptionDataFromJson(v: FJValue | undefined): SubscriptionData {
  const o: Bean = asObject(v, 'SubscriptionData');
  return {
    classFilterMode: bool(o, 'classFilterMode'),
    topic: reqStr(o, 'topic', 'SubscriptionData'),
    subString: str(o, 'subString') ?? SUB_ALL,
    tagsSet: new Set(strList(o, 'tagsSet')),
    codeSet: new Set(list(o, 'codeSet').map((x) => Number(x))),
    subVersion: num(o, 'subVersion'),
    expressionType: str(o, 'expressionType') ?? ExpressionType.TAG,
  };
}
