export * from './proto';
export * from './credentials';
export * from './errors';
export * from './auth';
export * from './server';
export * from './metrics';
export * from './client';
export * from './request-id';
