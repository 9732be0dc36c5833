import { join } from 'node:path';

import { contractRegistry } from '../registry/contract.registry';
import { type ContractShape, describeContractShape } from './contract-shape';
import { findBreakingChanges } from './shape-compatibility';
import { readSnapshot, RECORD_COMMAND, sortedByKey, writeSnapshot } from './snapshot-file';

/**
 * Every registered message is stable (docs/decisions/0016-message-contracts-are-stable.md): its
 * data shape is recorded in `stable-contracts.snapshot.json`, and a change to it must be
 * compatible. Record new messages and new optional fields with
 * `UPDATE_CONTRACT_SNAPSHOT=1 npx jest libs/contracts/src/stability` (it never records a breaking change).
 */
const SNAPSHOT_FILE = join(__dirname, 'stable-contracts.snapshot.json');
const HOW_TO_PROCEED =
  'A stable message only changes compatibly (a new optional field). Publish the new shape under the next version ' +
  '(e.g. `job.status-changed.v2`: its own contract, registry entry and routing key), alongside the v1 until every consumer has moved; ' +
  'see docs/decisions/0016-message-contracts-are-stable.md.';

const recorded = readSnapshot<ContractShape>(SNAPSHOT_FILE);
const current = sortedByKey(
  Object.entries(contractRegistry).map(([type, schema]): [string, ContractShape] => [
    type,
    describeContractShape(schema),
  ]),
);

function breakingChanges(): string[] {
  return Object.entries(recorded).flatMap(([type, shape]) => {
    const next = current[type];
    if (!next)
      return [
        `${type}: no longer registered (retire a stable message only once nothing publishes or consumes it, and then remove it from the snapshot in the same change)`,
      ];
    return findBreakingChanges(shape, next).map((problem) => `${type}: ${problem}`);
  });
}

describe('stable message contracts', () => {
  it('change only compatibly', () => {
    const problems = breakingChanges();
    if (problems.length > 0)
      throw new Error(
        `Incompatible change to a stable message contract:\n  - ${problems.join('\n  - ')}\n${HOW_TO_PROCEED}`,
      );
  });

  it('are all recorded, with their latest compatible additions', () => {
    // Recording never covers a breaking change: the test above fails on it either way.
    if (process.env.UPDATE_CONTRACT_SNAPSHOT && breakingChanges().length === 0)
      return writeSnapshot(SNAPSHOT_FILE, current);
    const unrecorded = Object.keys(current).filter((type) => !Object.hasOwn(recorded, type));
    if (unrecorded.length > 0)
      throw new Error(`Not recorded as stable yet: ${unrecorded.join(', ')}. Record them with \`${RECORD_COMMAND}\`.`);
  });
});
