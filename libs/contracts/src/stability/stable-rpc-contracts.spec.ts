import { join } from 'node:path';

import * as contracts from '../index';
import { contractRegistry } from '../registry/contract.registry';
import { rpcContractRegistry } from '../registry/rpc-contract.registry';
import { describeRpcContract, findBreakingRpcChanges, type RpcContractShape } from './rpc-compatibility';
import { readSnapshot, RECORD_COMMAND, sortedByKey, writeSnapshot } from './snapshot-file';

/**
 * Every registered RPC method is stable like a message (docs/decisions/0016-message-contracts-are-stable.md):
 * its serving service and the shapes of its request and response data are recorded in
 * `stable-rpc-contracts.snapshot.json`, and a change to them must be compatible both ways (see
 * `findBreakingRpcChanges` for why requests and responses follow the same rule). Recorded with
 * the message snapshot: `UPDATE_CONTRACT_SNAPSHOT=1 npx jest libs/contracts/src/stability`.
 */
const SNAPSHOT_FILE = join(__dirname, 'stable-rpc-contracts.snapshot.json');
const WHO_BREAKS =
  'While a rollout lasts, clients and servers of both versions call each other: servers on either version must accept ' +
  'the requests of clients on the other, and clients the responses of servers on the other.';
const HOW_TO_PROCEED =
  'A stable RPC method only changes compatibly (a new optional field in its request or response). Serve the new shape ' +
  'under the next version (e.g. `trigger.cancel.v2`, its own schemas and registry entry), alongside the v1 until every ' +
  'caller has moved; see docs/decisions/0016-message-contracts-are-stable.md.';

const recorded = readSnapshot<RpcContractShape>(SNAPSHOT_FILE);
const current = sortedByKey(
  Object.entries(rpcContractRegistry).map(([method, contract]): [string, RpcContractShape] => [
    method,
    describeRpcContract(contract),
  ]),
);

function breakingChanges(): string[] {
  return Object.entries(recorded).flatMap(([method, shape]) => {
    const next = current[method];
    if (!next)
      return [
        `${method}: no longer registered (removed or renamed; callers on the recorded version still call it: retire a method only once nothing calls it, and then remove it from the snapshot in the same change)`,
      ];
    return findBreakingRpcChanges(shape, next).map((problem) => `${method}: ${problem}`);
  });
}

describe('stable RPC contracts', () => {
  it('change only compatibly', () => {
    const problems = breakingChanges();
    if (problems.length > 0)
      throw new Error(
        `Incompatible change to a stable RPC contract:\n  - ${problems.join('\n  - ')}\n${WHO_BREAKS}\n${HOW_TO_PROCEED}`,
      );
  });

  it('are all recorded, with their latest compatible additions', () => {
    // Recording never covers a breaking change: the test above fails on it either way.
    if (process.env.UPDATE_CONTRACT_SNAPSHOT && breakingChanges().length === 0)
      return writeSnapshot(SNAPSHOT_FILE, current);
    const unrecorded = Object.keys(current).filter((method) => !Object.hasOwn(recorded, method));
    if (unrecorded.length > 0)
      throw new Error(
        `RPC methods not recorded as stable yet: ${unrecorded.join(', ')}. Record them with \`${RECORD_COMMAND}\`.`,
      );
  });

  it('cover every versioned name the library exports', () => {
    // A `*_V<N>` constant is a message or an RPC method; one in neither registry escapes both snapshots.
    const versioned = (Object.values(contracts) as unknown[]).filter(
      (value): value is string => typeof value === 'string' && /\.v\d+$/.test(value),
    );
    const unregistered = versioned.filter(
      (name) => !Object.hasOwn(contractRegistry, name) && !Object.hasOwn(rpcContractRegistry, name),
    );
    expect(versioned.length).toBeGreaterThan(0);
    if (unregistered.length > 0)
      throw new Error(
        `Neither a registered message nor a registered RPC method: ${unregistered.join(', ')}. Add them to contractRegistry or rpcContractRegistry.`,
      );
  });
});
