export type * from './AttributeContext';
export type * from './Authorization';
export type * from './CheckRequest';
export type * from './CheckResponse';
export type * from './DeniedHttpResponse';
export type * from './OkHttpResponse';
