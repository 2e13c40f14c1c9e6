export type * from './HeaderValue';
export type * from './HeaderValueOption';
