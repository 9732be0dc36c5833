import { randomUUID } from 'node:crypto';

import { Injectable, NotFoundException } from '@nestjs/common';

import { GatewayException } from '../../core/errors/gateway.exception';
import { assertPayloadSchemaUsable } from '../events/payload-schema';
import { WorkflowIdentifierTakenError, WorkflowRepository } from './workflow.repository';
import { WorkflowRecord } from './workflow-definition';
import { applyPatch, assertSnapshotValid, buildDefinition } from './workflow-definition.builder';
import type {
  CreateWorkflowBody,
  ListWorkflowsQuery,
  PatchWorkflowBody,
  UpdateWorkflowBody,
} from './workflow-request.schema';

/** The `/v2/workflows` use cases. */
@Injectable()
export class WorkflowsService {
  constructor(private readonly repository: WorkflowRepository) {}

  async create(environmentId: string, body: CreateWorkflowBody): Promise<WorkflowRecord> {
    await assertPayloadSchemaUsable(body.payloadSchema);
    const id = randomUUID();
    const definition = buildDefinition(body);
    assertSnapshotValid(id, body.workflowId, definition);
    try {
      return await this.repository.create(environmentId, body.workflowId, definition, id);
    } catch (error) {
      // 422 rather than 409: the SDK retries a 409 for up to an hour, and a taken id never frees itself.
      if (error instanceof WorkflowIdentifierTakenError) {
        throw GatewayException.invalidField('workflowId', [error.message], body.workflowId, error.message);
      }
      throw error;
    }
  }

  async get(environmentId: string, ref: string): Promise<WorkflowRecord> {
    return (await this.repository.find(environmentId, ref)) ?? this.notFound(ref);
  }

  list(environmentId: string, query: ListWorkflowsQuery) {
    return this.repository.list(environmentId, query);
  }

  async update(environmentId: string, ref: string, body: UpdateWorkflowBody): Promise<WorkflowRecord> {
    await assertPayloadSchemaUsable(body.payloadSchema);
    const updated = await this.repository.update(environmentId, ref, (current) => {
      if (body.workflowId !== undefined && body.workflowId !== current.identifier) {
        const message = `cannot be changed (is "${current.identifier}")`;
        throw GatewayException.invalidField('workflowId', [message], body.workflowId);
      }
      const definition = buildDefinition(body, current.definition);
      assertSnapshotValid(current.id, current.identifier, definition);
      return definition;
    });
    return updated ?? this.notFound(ref);
  }

  async patch(environmentId: string, ref: string, body: PatchWorkflowBody): Promise<WorkflowRecord> {
    await assertPayloadSchemaUsable(body.payloadSchema);
    const updated = await this.repository.update(environmentId, ref, (current) => {
      const definition = applyPatch(current.definition, body);
      assertSnapshotValid(current.id, current.identifier, definition);
      return definition;
    });
    return updated ?? this.notFound(ref);
  }

  async delete(environmentId: string, ref: string): Promise<void> {
    if (!(await this.repository.softDelete(environmentId, ref))) this.notFound(ref);
  }

  private notFound(ref: string): never {
    throw new NotFoundException(`Workflow not found: "${ref}"`);
  }
}
