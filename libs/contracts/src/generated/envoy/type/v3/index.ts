export type * from './HttpStatus';
export type * from './StatusCode';
