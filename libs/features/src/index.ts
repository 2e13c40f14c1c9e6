export * from './hashing';
export * from './tokens';
export { AccountState, FAST_GAP_MS, HOUR_MS, DAY_MS } from './account-state';
export * from './account-features';
export * from './feature-store';
export { SharedValueFilter } from './shared-values';
