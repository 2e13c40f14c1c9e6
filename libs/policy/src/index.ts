export * from './config';
export * from './types';
export * from './errors';
export * from './grading';
export * from './evaluate';
export * from './records';
export * from './engine';
