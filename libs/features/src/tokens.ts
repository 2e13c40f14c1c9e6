import { hex8 } from './hashing';

/**
 * Kinds of sparse tokens an account may share with others. The order is part of the
 * account.features.v1 encoding ("<kind>:<hex8>") and of the detector's numeric token keys.
 */
export const TOKEN_KINDS = ['tmpl', 'sys', 'sim', 'pay', 'ip24', 'asn', 'ua', 'day'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export function tokenString(kind: TokenKind, hash: number): string {
  return `${kind}:${hex8(hash)}`;
}

export interface ParsedToken {
  kind: TokenKind;
  kindIndex: number;
  hash: number;
  /** kindIndex * 2^32 + hash: a unique safe integer per token, cheap to use as a Map key. */
  key: number;
}

export function parseToken(token: string): ParsedToken | null {
  const colon = token.indexOf(':');
  if (colon < 0) return null;
  const kindIndex = (TOKEN_KINDS as readonly string[]).indexOf(token.slice(0, colon));
  if (kindIndex < 0) return null;
  const hash = parseInt(token.slice(colon + 1), 16);
  if (!Number.isFinite(hash)) return null;
  return { kind: TOKEN_KINDS[kindIndex]!, kindIndex, hash: hash >>> 0, key: kindIndex * 4294967296 + (hash >>> 0) };
}

export function tokenKeyKind(key: number): TokenKind {
  return TOKEN_KINDS[Math.floor(key / 4294967296)]!;
}

export function tokenKeyString(key: number): string {
  return tokenString(tokenKeyKind(key), key % 4294967296);
}
