export * from './pipeline';
export * from './replay';
export * from './evaluate';
export * from './io';
export * from './run-replay';
