import { identifierRefusal } from '@herald/contracts';
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';

import { GatewayException } from '../../core/errors/gateway.exception';

/**
 * Every path parameter of every route is an identifier (`/v1/subscribers/:subscriberId`): one
 * holding a control or bidi character (`%E2%80%AE`) is refused with the one 422, naming
 * `params.<name>`, before a handler could look it up or store it. Registered globally, so it runs
 * after authentication like every other validation.
 */
@Injectable()
export class SafePathParamsPipe implements PipeTransform<unknown, unknown> {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param') return value;
    const params: [string, unknown][] = metadata.data ? [[metadata.data, value]] : Object.entries(value ?? {});
    for (const [name, param] of params) {
      const refusal = typeof param === 'string' ? identifierRefusal(param) : undefined;
      if (refusal) throw GatewayException.invalidField(`params.${name}`, [refusal]);
    }
    return value;
  }
}
