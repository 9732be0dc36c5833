import { AUDIENCE_SIZE_V1 } from '@herald/contracts';
import type { RpcServer } from '@herald/messaging';
import { Injectable } from '@nestjs/common';

import { AudienceRepository } from './audience.repository';

/** `audience.size.v1`: the gateway's rate limit asks how large a broadcast or topic trigger is. */
@Injectable()
export class AudienceRpc {
  constructor(private readonly audience: AudienceRepository) {}

  register(server: RpcServer): void {
    server.serve(AUDIENCE_SIZE_V1, (request) => this.audience.size(request));
  }
}
