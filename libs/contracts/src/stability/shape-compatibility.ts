import type { ContractShape } from './contract-shape';

/** A record's keys when the schema does not restrict them. */
const ANY_STRING: ContractShape = { type: 'string' };

/**
 * What makes `next` unable to replace `recorded` under the same message name, one line per
 * problem, with the path of the field (`data.delivery.messageId`). Compatible means both ways:
 * a consumer on either version accepts what a producer on the other sends. So the only change
 * allowed is a new optional field; removing or renaming a field, changing a type, a format or
 * the allowed values, and making a field required or optional (or nullable or not) all break.
 * `readers` names who reads the data (`consumers` of a message; `servers` of an RPC request,
 * `clients` of an RPC response) in the problems that only one side fails on.
 */
export function findBreakingChanges(
  recorded: ContractShape,
  next: ContractShape,
  path = 'data',
  readers = 'consumers',
): string[] {
  const problems: string[] = [];
  if (Boolean(recorded.optional) !== Boolean(next.optional))
    problems.push(
      `${path}: was ${recorded.optional ? 'optional' : 'required'}, is now ${next.optional ? 'optional' : 'required'}`,
    );
  if (Boolean(recorded.nullable) !== Boolean(next.nullable))
    problems.push(
      `${path}: was ${recorded.nullable ? '' : 'not '}nullable, is now ${next.nullable ? '' : 'not '}nullable`,
    );
  if (recorded.type !== next.type) return [...problems, `${path}: type changed from ${recorded.type} to ${next.type}`];

  switch (recorded.type) {
    case 'string':
      if (next.type === 'string' && recorded.format !== next.format)
        problems.push(`${path}: string format changed from ${recorded.format ?? 'any'} to ${next.format ?? 'any'}`);
      break;
    case 'number':
      if (next.type === 'number' && Boolean(recorded.integer) !== Boolean(next.integer))
        problems.push(
          `${path}: was ${recorded.integer ? 'an integer' : 'any number'}, is now ${next.integer ? 'an integer' : 'any number'}`,
        );
      break;
    case 'literal':
      if (next.type === 'literal' && recorded.value !== next.value)
        problems.push(
          `${path}: literal changed from ${JSON.stringify(recorded.value)} to ${JSON.stringify(next.value)}`,
        );
      break;
    case 'enum':
      if (next.type === 'enum') problems.push(...enumChanges(recorded.values, next.values, path, readers));
      break;
    case 'array':
      if (next.type === 'array')
        problems.push(...findBreakingChanges(recorded.items, next.items, `${path}[]`, readers));
      break;
    case 'record':
      if (next.type !== 'record') break;
      problems.push(
        ...findBreakingChanges(recorded.keys ?? ANY_STRING, next.keys ?? ANY_STRING, `${path}{key}`, readers),
      );
      problems.push(...findBreakingChanges(recorded.values, next.values, `${path}{}`, readers));
      break;
    case 'object':
      if (next.type === 'object') problems.push(...objectChanges(recorded.fields, next.fields, path, readers));
      break;
    case 'union':
      if (next.type !== 'union') break;
      if (recorded.options.length !== next.options.length)
        problems.push(`${path}: union had ${recorded.options.length} options, now ${next.options.length}`);
      else
        recorded.options.forEach((option, index) =>
          problems.push(...findBreakingChanges(option, next.options[index], `${path}|${index}`, readers)),
        );
      break;
  }
  return problems;
}

function objectChanges(
  recorded: Record<string, ContractShape>,
  next: Record<string, ContractShape>,
  path: string,
  readers: string,
): string[] {
  const problems: string[] = [];
  for (const [name, field] of Object.entries(recorded)) {
    const nextField = Object.hasOwn(next, name) ? next[name] : undefined;
    if (nextField === undefined) problems.push(`${path}.${name}: removed (or renamed)`);
    else problems.push(...findBreakingChanges(field, nextField, `${path}.${name}`, readers));
  }
  for (const [name, field] of Object.entries(next)) {
    if (!Object.hasOwn(recorded, name) && !field.optional)
      problems.push(`${path}.${name}: new field is required (a new field must be optional)`);
  }
  return problems;
}

/** Dropping a value breaks producers still sending it; adding one breaks consumers that reject it. */
function enumChanges(
  recorded: readonly (string | number)[],
  next: readonly (string | number)[],
  path: string,
  readers: string,
): string[] {
  const removed = recorded.filter((value) => !next.includes(value));
  const added = next.filter((value) => !recorded.includes(value));
  return [
    ...(removed.length > 0
      ? [`${path}: values removed: ${removed.map((value) => JSON.stringify(value)).join(', ')}`]
      : []),
    ...(added.length > 0
      ? [
          `${path}: values added (${readers} on the recorded version reject them): ${added.map((value) => JSON.stringify(value)).join(', ')}`,
        ]
      : []),
  ];
}
