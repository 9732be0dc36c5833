import { z } from 'zod';

import { describeRpcContract, findBreakingRpcChanges } from './rpc-compatibility';

const request = z.object({
  environmentId: z.string(),
  limit: z.number().int().default(10),
  markAs: z.enum(['seen', 'read']),
});
const response = z.object({ data: z.array(z.object({ id: z.string() })), count: z.number().int() });
const recorded = describeRpcContract({ service: 'runner-in-app', request, response });

/** The breaking changes of the recorded method → the same method with other parts. */
function changesWith(next: { service?: string; request?: z.ZodTypeAny; response?: z.ZodTypeAny }): string[] {
  return findBreakingRpcChanges(
    recorded,
    describeRpcContract({ service: 'runner-in-app', request, response, ...next }),
  );
}

describe('findBreakingRpcChanges', () => {
  it('allows a new optional field in the request or the response', () => {
    expect(
      changesWith({
        request: request.extend({ archived: z.boolean().default(false) }),
        response: response.extend({ hasMore: z.boolean().optional() }),
      }),
    ).toEqual([]);
  });

  it('refuses a new required request field, a removed response field and a narrowed type, naming the side', () => {
    expect(changesWith({ request: request.extend({ subscriberId: z.string() }) })).toEqual([
      'request.subscriberId: new field is required (a new field must be optional)',
    ]);
    expect(changesWith({ response: z.object({ data: response.shape.data }) })).toEqual([
      'response.count: removed (or renamed)',
    ]);
    expect(changesWith({ request: request.extend({ environmentId: z.string().uuid() }) })).toEqual([
      'request.environmentId: string format changed from any to uuid',
    ]);
    expect(changesWith({ response: response.extend({ data: z.array(z.object({ id: z.number() })) }) })).toEqual([
      'response.data[].id: type changed from string to number',
    ]);
  });

  it('treats both sides as read by either version (a rollout mixes old and new clients and servers)', () => {
    // Only a new server would cope with these; an old one still serves the queue during the rollout.
    expect(changesWith({ request: request.extend({ environmentId: z.string().optional() }) })).toEqual([
      'request.environmentId: was required, is now optional',
    ]);
    expect(changesWith({ request: request.extend({ markAs: z.enum(['seen', 'read', 'archived']) }) })).toEqual([
      'request.markAs: values added (servers on the recorded version reject them): "archived"',
    ]);
    // Only a new client would cope with this; old clients still call.
    expect(changesWith({ response: response.extend({ count: z.number() }) })).toEqual([
      'response.count: was an integer, is now any number',
    ]);
  });

  it('refuses moving the method to another service', () => {
    expect(changesWith({ service: 'api-gateway' })).toEqual([
      'served by api-gateway, was runner-in-app (callers on the recorded version still send to the RPC queue of runner-in-app)',
    ]);
  });
});
