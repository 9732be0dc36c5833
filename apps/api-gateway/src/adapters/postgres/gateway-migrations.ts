import { messagingMigrations } from '@herald/messaging';

import { ControlPlane1764100000000 } from './migrations/1764100000000-control-plane';
import { Workflows1764200000000 } from './migrations/1764200000000-workflows';
import { Tenants1764200001000 } from './migrations/1764200001000-tenants';
import { Integrations1764200002000 } from './migrations/1764200002000-integrations';
import { OrganizationSettings1764600000000 } from './migrations/1764600000000-organization-settings';
import { InboxHmac1765000000000 } from './migrations/1765000000000-inbox-hmac';
import { EnvironmentDeletion1765100000000 } from './migrations/1765100000000-environment-deletion';
import { UnimplementedProviders1765200000000 } from './migrations/1765200000000-unimplemented-providers';
import { Layouts1765200040000 } from './migrations/1765200040000-layouts';

/** The gateway schema's migrations, in order; the outbox carries `api-key.revoked.v1`, `organization.settings-changed.v1` and `environment.deleted.v1`. */
export const GATEWAY_SCHEMA = 'gateway';
export const gatewayMigrations = [
  ...messagingMigrations(GATEWAY_SCHEMA),
  ControlPlane1764100000000,
  Workflows1764200000000,
  Tenants1764200001000,
  Integrations1764200002000,
  OrganizationSettings1764600000000,
  InboxHmac1765000000000,
  EnvironmentDeletion1765100000000,
  UnimplementedProviders1765200000000,
  Layouts1765200040000,
];
