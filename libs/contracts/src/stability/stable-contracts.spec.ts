import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractRegistry } from '../registry/contract.registry';
import { describeContractShape, type ContractShape } from './contract-shape';
import { findBreakingChanges } from './shape-compatibility';

/**
 * Every registered message is stable (docs/decisions/0016-message-contracts-are-stable.md): its
 * data shape is recorded in `stable-contracts.snapshot.json`, and a change to it must be
 * compatible. Record new messages and new optional fields with
 * `UPDATE_CONTRACT_SNAPSHOT=1 npx jest libs/contracts/src/stability` (it never records a breaking change).
 */
const SNAPSHOT_FILE = join(__dirname, 'stable-contracts.snapshot.json');
const RECORD_COMMAND = 'UPDATE_CONTRACT_SNAPSHOT=1 npx jest libs/contracts/src/stability';
const HOW_TO_PROCEED =
  'A stable message only changes compatibly (a new optional field). Publish the new shape under the next version ' +
  '(e.g. `job.status-changed.v2`: its own contract, registry entry and routing key), alongside the v1 until every consumer has moved; ' +
  'see docs/decisions/0016-message-contracts-are-stable.md.';

const recorded = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as Record<string, ContractShape>;
const current: Record<string, ContractShape> = Object.fromEntries(
  Object.entries(contractRegistry)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, schema]) => [type, describeContractShape(schema)]),
);

/** Pretty JSON with every small node on one line, so the snapshot stays short and its diffs readable. */
function readableJson(value: unknown, indent = ''): string {
  const inline = JSON.stringify(value);
  if (inline.length <= 100 || value === null || typeof value !== 'object') return inline;
  const inner = `${indent}  `;
  const items = Array.isArray(value) ? value.map((item) => readableJson(item, inner)) : Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${readableJson(item, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.map((item) => `${inner}${item}`).join(',\n')}\n${indent}${close}`;
}

function breakingChanges(): string[] {
  return Object.entries(recorded).flatMap(([type, shape]) => {
    const next = current[type];
    if (!next) return [`${type}: no longer registered (retire a stable message only once nothing publishes or consumes it, and then remove it from the snapshot in the same change)`];
    return findBreakingChanges(shape, next).map((problem) => `${type}: ${problem}`);
  });
}

describe('stable message contracts', () => {
  it('change only compatibly', () => {
    const problems = breakingChanges();
    if (problems.length > 0) throw new Error(`Incompatible change to a stable message contract:\n  - ${problems.join('\n  - ')}\n${HOW_TO_PROCEED}`);
  });

  it('are all recorded, with their latest compatible additions', () => {
    // Recording never covers a breaking change: the test above fails on it either way.
    if (process.env.UPDATE_CONTRACT_SNAPSHOT && breakingChanges().length === 0) return writeFileSync(SNAPSHOT_FILE, `${readableJson(current)}\n`);
    const unrecorded = Object.keys(current).filter((type) => !Object.hasOwn(recorded, type));
    if (unrecorded.length > 0) throw new Error(`Not recorded as stable yet: ${unrecorded.join(', ')}. Record them with \`${RECORD_COMMAND}\`.`);
  });
});
