import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { GatewayException } from '../../core/errors/gateway.exception';
import { hasValidationRules, validateDto } from './validate-dto';

/**
 * Global pipe: a `@Body()` typed with a class that has class-validator rules is validated and
 * transformed; a violation is a 422 in Novu's shape. Other parameters and rule-less classes pass
 * untouched, so routes validating their own way are not affected.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || !hasValidationRules(metadata.metatype)) return value;
    const result = validateDto(metadata.metatype, value);
    if (!result.ok) throw GatewayException.requestValidation(result.errors);
    return result.value;
  }
}
