import { ControlPlane1764100000000 } from './migrations/1764100000000-control-plane';

/** The gateway schema's migrations, in order. */
export const GATEWAY_SCHEMA = 'gateway';
export const gatewayMigrations = [ControlPlane1764100000000];
