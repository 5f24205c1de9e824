export * from './platform';
export * from './identity';
export * from './email';
export * from './tenancy';
export * from './access';
export * from './api-keys';
export * from './audit';
export * from './invitations';
