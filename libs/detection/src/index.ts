export * from './evidence';
export * from './population';
export * from './kmeans';
export * from './clustering';
export * from './token-score-cache';
export * from './decision';
export * from './detector';
export * from './worker-runner';
