import { z } from 'zod';

/**
 * What a message's data looks like on the wire, as plain JSON: the part of a zod schema that
 * producers and consumers of different versions have to agree on (fields, types, optionality,
 * allowed values). Refinements and length bounds are left out; they are checked where produced.
 */
export type ContractShape = (
  | { type: 'string'; format?: string }
  | { type: 'number'; integer?: true }
  | { type: 'boolean' }
  | { type: 'null' }
  | { type: 'unknown' }
  | { type: 'literal'; value: string | number | boolean | null }
  | { type: 'enum'; values: (string | number)[] }
  | { type: 'array'; items: ContractShape }
  | { type: 'record'; keys?: ContractShape; values: ContractShape }
  | { type: 'object'; fields: Record<string, ContractShape> }
  | { type: 'union'; options: ContractShape[] }
) & { optional?: true; nullable?: true };

/** String checks that change which values are valid (bounds aside). */
const STRING_FORMATS = new Set(['uuid', 'datetime', 'email', 'url', 'regex', 'cuid', 'ulid', 'ip', 'date', 'time']);

/**
 * Describes `schema` as a {@link ContractShape}. Throws on a zod type it does not know, so a
 * contract using one gets a description here instead of escaping the stability check.
 */
export function describeContractShape(schema: z.ZodTypeAny): ContractShape {
  const def = schema._def as { typeName: z.ZodFirstPartyTypeKind };
  switch (def.typeName) {
    case z.ZodFirstPartyTypeKind.ZodOptional:
    case z.ZodFirstPartyTypeKind.ZodDefault:
      return { ...describeContractShape(unwrap(schema)), optional: true };
    case z.ZodFirstPartyTypeKind.ZodNullable:
      return { ...describeContractShape(unwrap(schema)), nullable: true };
    case z.ZodFirstPartyTypeKind.ZodEffects:
      return describeContractShape((schema as z.ZodEffects<z.ZodTypeAny>).innerType());
    case z.ZodFirstPartyTypeKind.ZodString: {
      const formats = (schema as z.ZodString)._def.checks
        .map((check) => check.kind)
        .filter((kind) => STRING_FORMATS.has(kind));
      return formats.length > 0 ? { type: 'string', format: formats.sort().join('+') } : { type: 'string' };
    }
    case z.ZodFirstPartyTypeKind.ZodNumber:
      return (schema as z.ZodNumber).isInt ? { type: 'number', integer: true } : { type: 'number' };
    case z.ZodFirstPartyTypeKind.ZodBoolean:
      return { type: 'boolean' };
    case z.ZodFirstPartyTypeKind.ZodNull:
      return { type: 'null' };
    case z.ZodFirstPartyTypeKind.ZodUnknown:
    case z.ZodFirstPartyTypeKind.ZodAny:
      return { type: 'unknown' };
    case z.ZodFirstPartyTypeKind.ZodLiteral:
      return { type: 'literal', value: (schema as z.ZodLiteral<string | number | boolean | null>).value };
    case z.ZodFirstPartyTypeKind.ZodEnum:
      return { type: 'enum', values: [...(schema as z.ZodEnum<[string, ...string[]]>).options] };
    case z.ZodFirstPartyTypeKind.ZodNativeEnum:
      return { type: 'enum', values: nativeEnumValues((schema as z.ZodNativeEnum<z.EnumLike>).enum) };
    case z.ZodFirstPartyTypeKind.ZodArray:
      return { type: 'array', items: describeContractShape((schema as z.ZodArray<z.ZodTypeAny>).element) };
    case z.ZodFirstPartyTypeKind.ZodRecord: {
      // Keys are recorded only when they are not any string (an enum of channels, say): a key
      // outside them is rejected like a value outside an enum.
      const keys = describeContractShape((schema as z.ZodRecord).keySchema);
      const values = describeContractShape((schema as z.ZodRecord).valueSchema);
      return keys.type === 'string' && !keys.format ? { type: 'record', values } : { type: 'record', keys, values };
    }
    case z.ZodFirstPartyTypeKind.ZodObject: {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      return {
        type: 'object',
        fields: Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, describeContractShape(field)])),
      };
    }
    case z.ZodFirstPartyTypeKind.ZodUnion:
    case z.ZodFirstPartyTypeKind.ZodDiscriminatedUnion:
      return {
        type: 'union',
        options: [...(schema as z.ZodUnion<[z.ZodTypeAny, ...z.ZodTypeAny[]]>).options].map(describeContractShape),
      };
    default:
      throw new TypeError(
        `describeContractShape: ${def.typeName} is not described yet; add it before using it in a contract`,
      );
  }
}

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  return (schema._def as { innerType: z.ZodTypeAny }).innerType;
}

/** A TypeScript enum's values (a numeric enum also maps its values back to names: skip those). */
function nativeEnumValues(enumObject: z.EnumLike): (string | number)[] {
  return Object.entries(enumObject)
    .filter(([key]) => typeof enumObject[enumObject[key]] !== 'number')
    .map(([, value]) => value);
}
