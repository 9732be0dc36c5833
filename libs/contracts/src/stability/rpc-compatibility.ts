import type { RpcContract } from '../registry/rpc-contract.registry';
import { type ContractShape, describeContractShape } from './contract-shape';
import { findBreakingChanges } from './shape-compatibility';

/** What an RPC method looks like on the wire: the queue that serves it, its request and reply data. */
export interface RpcContractShape {
  service: string;
  request: ContractShape;
  response: ContractShape;
}

/** Describes a registered RPC method as an {@link RpcContractShape}. */
export function describeRpcContract(contract: RpcContract): RpcContractShape {
  return {
    service: contract.service,
    request: describeContractShape(contract.request),
    response: describeContractShape(contract.response),
  };
}

/**
 * What makes `next` unable to replace `recorded` under the same method name, one line per
 * problem, with the path of the field (`request.transactionId`, `response.data[].id`).
 *
 * Which direction breaks. A request is written by a client and read by a server, a response the
 * other way round, so taken alone "a new server accepts old requests" and "a new client accepts
 * old responses" would be the rules: they let through whatever the new reader copes with (a
 * request field made optional or widened, an enum value added to a request, a response field
 * made required). But services roll out independently and in no order (0004, 0016), and the
 * replicas behind one `<service>.rpc` queue are a mix of versions while the server rolls out; the
 * caller does not choose which replica answers. So every pairing happens: old client → new
 * server and new client → old server. A request must be accepted by servers on both versions
 * and a response by clients on both versions, which is the rule of a message (both ways), and
 * the same field rules apply to both sides: only a new optional field. What the sides change is
 * who fails, and the problems say so (`servers` reject a request, `clients` reject a response).
 *
 * The method itself: moving it to another service breaks callers on the recorded version, which
 * still send to the old queue; removing or renaming it is reported by the caller of this function
 * (it no longer appears at all). A new method is recorded like a new message, but its server has
 * to be rolled out before its callers: an old replica answers `unknown_method`.
 */
export function findBreakingRpcChanges(recorded: RpcContractShape, next: RpcContractShape): string[] {
  return [
    ...(recorded.service === next.service
      ? []
      : [
          `served by ${next.service}, was ${recorded.service} (callers on the recorded version still send to the RPC queue of ${recorded.service})`,
        ]),
    ...findBreakingChanges(recorded.request, next.request, 'request', 'servers'),
    ...findBreakingChanges(recorded.response, next.response, 'response', 'clients'),
  ];
}
