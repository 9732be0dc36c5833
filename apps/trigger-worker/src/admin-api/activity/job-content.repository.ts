import {
  type ActorSnapshot,
  type DigestBatch,
  isDeliveryChannel,
  type JobContentInput,
  type JobStatus,
  type JsonRecord,
  RpcError,
  type TenantRef,
  TRIGGER_WORKER_RPC_ERRORS,
  type WorkflowSnapshot,
} from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { sqlRows } from '../../platform/sql/sql-rows';

interface JobContentRow {
  jobId: string;
  notificationId: string;
  status: JobStatus;
  stepIndex: number;
  digest: DigestBatch | null;
  workflow: WorkflowSnapshot;
  payload: JsonRecord;
  actor: ActorSnapshot | null;
  tenant: TenantRef | null;
  subscriber: ActorSnapshot | null;
}

// The event holds the payload and the workflow as it was triggered (steps and their controls), so
// nothing of the sent content needs a copy. The subscriber is the profile as stored now, without
// its channel credentials (templates never see those).
const JOB_CONTENT_SQL = `
  SELECT j.id AS "jobId", j.notification_id AS "notificationId", j.status, j.step_index AS "stepIndex", j.digest,
         e.workflow, e.payload, e.actor, e.tenant,
         CASE WHEN s.id IS NULL THEN NULL ELSE jsonb_build_object('id', s.id, 'subscriberId', s.subscriber_id,
           'email', s.email, 'phone', s.phone, 'firstName', s.first_name, 'lastName', s.last_name, 'avatar', s.avatar,
           'locale', s.locale, 'timezone', s.timezone,
           'data', CASE WHEN jsonb_typeof(s.data) = 'object' THEN s.data END) END AS subscriber
  FROM trigger.jobs j
  JOIN trigger.events e ON e.id = j.event_id AND e.environment_id = j.environment_id
  LEFT JOIN trigger.subscribers s ON s.id = j.subscriber_pk AND s.environment_id = j.environment_id
  WHERE j.environment_id = $1 AND j.notification_id = $2 AND j.id = $3`;

/** What a channel job's content was rendered from, for the console's "show sent content". */
@Injectable()
export class JobContentRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async input(environmentId: string, notificationId: string, jobId: string): Promise<JobContentInput> {
    const [row] = await sqlRows<JobContentRow>(this.dataSource.manager, JOB_CONTENT_SQL, [
      environmentId,
      notificationId,
      jobId,
    ]);
    const step = row?.workflow.steps[row.stepIndex];
    if (!row || !step || !isDeliveryChannel(step.type))
      throw new RpcError(
        TRIGGER_WORKER_RPC_ERRORS.notificationNotFound,
        `notification ${notificationId} has no channel step job ${jobId}`,
      );
    const { workflow } = row;
    return {
      jobId: row.jobId,
      notificationId: row.notificationId,
      channel: step.type,
      status: row.status,
      step: { stepId: step.stepId, name: step.name, controlValues: step.controlValues },
      workflow: { id: workflow.id, identifier: workflow.identifier, version: workflow.version, name: workflow.name },
      payload: row.payload,
      subscriber: row.subscriber,
      actor: row.actor,
      tenant: row.tenant,
      digest: row.digest,
    };
  }
}
