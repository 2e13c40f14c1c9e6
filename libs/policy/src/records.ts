import type { OverrideKind, StateValue } from './types';

/** Compacted-topic keys: one per account, one per override target. */
export function accountKey(accountId: string): string {
  return `account/${accountId}`;
}

export function overrideKey(kind: OverrideKind, targetId: string): string {
  return `override/${kind}/${targetId}`;
}

export type ParsedKey = { type: 'account'; id: string } | { type: 'override'; kind: OverrideKind; id: string };

export function parseKey(key: string): ParsedKey | null {
  if (key.startsWith('account/')) return { type: 'account', id: key.slice(8) };
  if (key.startsWith('override/account/')) return { type: 'override', kind: 'account', id: key.slice(17) };
  if (key.startsWith('override/campaign/')) return { type: 'override', kind: 'campaign', id: key.slice(18) };
  return null;
}

export function encodeValue(value: StateValue): string {
  return JSON.stringify(value);
}

export function decodeValue(buf: Buffer | string): StateValue {
  const v = JSON.parse(typeof buf === 'string' ? buf : buf.toString('utf8')) as StateValue;
  if (!v || (v.type !== 'account' && v.type !== 'override')) throw new Error('not a policy state record');
  return v;
}
