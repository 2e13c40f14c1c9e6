export type * from './Status';
