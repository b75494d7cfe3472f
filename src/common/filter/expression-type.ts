// Subscription expression types (Java's common ExpressionType): TAG expressions ("a || b", "*")
// and SQL92 property filters. Shared by remoting (subscriptions), the filter library and the broker.

export const ExpressionType = {
  TAG: 'TAG',
  SQL92: 'SQL92',
} as const;
export type ExpressionType = (typeof ExpressionType)[keyof typeof ExpressionType];

/** ExpressionType.isTagType: no type at all also means tags. */
export function isTagType(type: string | null | undefined): boolean {
  return type === null || type === undefined || type === '' || type === ExpressionType.TAG;
}
