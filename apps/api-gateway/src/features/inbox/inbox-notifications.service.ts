import { idSchema, type InboxNotificationAction, type InboxNotificationFilter } from '@herald/contracts';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';

import { InboxRpcClient, InboxScope } from '../../adapters/runner-in-app-rpc/inbox-rpc.client';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { GatewayException } from '../../core/errors/gateway.exception';
import { WorkflowRepository } from '../workflows/workflow.repository';
import {
  type BulkBody,
  type CountFilter,
  type NotificationsQuery,
  severitiesOf,
  tagGroupsOf,
  tagsFilterGroupsOf,
} from './inbox-api.schema';
import { toInboxNotification } from './inbox-notification.mapper';
import type { InboxCounts, InboxNotificationResponse, InboxNotificationsPage } from './inbox-response.schema';
import { InboxWorkflows, SEVERITIES, type Severity, type WorkflowCriteria } from './inbox-workflows';

/** What a filter says before tags and severity become workflow ids. */
interface FilterInput extends WorkflowCriteria {
  read?: boolean;
  seen?: boolean;
  archived?: boolean;
  snoozed?: boolean;
  data?: InboxNotificationFilter['data'];
  createdGte?: number;
  createdLte?: number;
  /** Contexts a notification must have exactly; Herald's have none, so any keeps nothing. */
  contextKeys?: string[];
}

/** Novu's `unreadCount`: unread, unarchived, not snoozed; in total and per severity. */
export interface UnreadCount {
  total: number;
  severity: Record<Severity, number>;
}

const UNREAD = { read: false, archived: false, snoozed: false } as const;

/**
 * The `/v1/inbox/notifications` use cases for one subscriber (the session's): runner-in-app holds
 * the notifications, the gateway the workflows whose tags, severity and name they show.
 */
@Injectable()
export class InboxNotificationsService {
  constructor(
    private readonly inbox: InboxRpcClient,
    private readonly workflowRepository: WorkflowRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async list(
    scope: InboxScope,
    query: NotificationsQuery & { contextKeys?: string[] },
  ): Promise<InboxNotificationsPage> {
    const workflows = await this.workflows(scope);
    const tagGroups = tagGroupsOf(query);
    const severities = severitiesOf(query['severity[]'], query.severity);
    const { read, archived, snoozed, seen, data, createdGte, createdLte, contextKeys } = query;
    const filter = toFilter(workflows, {
      read,
      archived,
      snoozed,
      seen,
      data,
      createdGte,
      createdLte,
      tagGroups,
      severities,
      contextKeys,
    });
    const page = await this.inbox.list(scope, { limit: query.limit, offset: query.offset, after: query.after, filter });
    return {
      data: page.data.map((notification) => toInboxNotification(notification, workflows)),
      hasMore: page.hasMore,
      filter: {
        tags: tagGroups.length > 1 ? { and: tagGroups.map((or) => ({ or })) } : (tagGroups[0] ?? []),
        read,
        archived,
        snoozed,
        seen,
        data,
        severity: severities.length > 0 ? severities : undefined,
      },
    };
  }

  async count(scope: InboxScope, filters: (CountFilter & { contextKeys?: string[] })[]): Promise<InboxCounts> {
    const workflows = await this.workflows(scope);
    const counts = await this.inbox.count(
      scope,
      filters.map((filter) =>
        toFilter(workflows, {
          ...filter,
          tagGroups: tagsFilterGroupsOf(filter.tags),
          severities: severitiesOf(filter.severity),
        }),
      ),
    );
    return { data: filters.map((filter, index) => ({ count: counts[index], filter })) };
  }

  /** The session's `unreadCount` (one RPC with five counts). */
  async unreadCount(scope: InboxScope): Promise<UnreadCount> {
    const workflows = await this.workflows(scope);
    const [total, ...bySeverity] = await this.inbox.count(scope, [
      UNREAD,
      ...SEVERITIES.map((severity) => toFilter(workflows, { ...UNREAD, severities: [severity] })),
    ]);
    const severity = Object.fromEntries(SEVERITIES.map((level, index) => [level, bySeverity[index]]));
    return { total, severity: severity as Record<Severity, number> };
  }

  /** One action on one notification; answers it as it is now (404 when it is not the subscriber's). */
  async update(
    scope: InboxScope,
    notificationId: string,
    action: Exclude<InboxNotificationAction, 'delete'>,
    options: { actionType?: 'primary' | 'secondary'; snoozeUntil?: string } = {},
  ): Promise<{ data: InboxNotificationResponse }> {
    checkId(notificationId);
    if (action === 'snooze') this.checkSnooze(options.snoozeUntil ?? '');
    const [workflows, result] = await Promise.all([
      this.workflows(scope),
      this.inbox.update(scope, { notificationId, action, ...options }),
    ]);
    if (!result.data) throw notFound(notificationId);
    return { data: toInboxNotification(result.data, workflows) };
  }

  async delete(scope: InboxScope, notificationId: string): Promise<void> {
    checkId(notificationId);
    const result = await this.inbox.update(scope, { notificationId, action: 'delete' });
    if (!result.found) throw notFound(notificationId);
  }

  /** `read`, `archive`, `read-archive`, `delete` on everything the tags and data select; `seen` also on ids. */
  async bulk(
    scope: InboxScope,
    action: 'read' | 'seen' | 'archive' | 'read-archive' | 'delete',
    body: BulkBody & { notificationIds?: string[]; contextKeys?: string[] },
  ): Promise<void> {
    const tagGroups = tagsFilterGroupsOf(body.tags).filter((group) => group.length > 0);
    const workflows = tagGroups.length > 0 ? await this.workflows(scope) : new InboxWorkflows([]);
    const filter = toFilter(workflows, { data: body.data, tagGroups, contextKeys: body.contextKeys });
    await this.inbox.bulk(scope, { action, filter, notificationIds: body.notificationIds });
  }

  /** Novu refuses a snooze in the past or longer than the session's `maxSnoozeDurationHours`. */
  private checkSnooze(snoozeUntil: string): void {
    const until = Date.parse(snoozeUntil);
    const limit = Date.now() + this.config.INBOX_MAX_SNOOZE_HOURS * 3_600_000;
    if (!(until > Date.now()))
      throw GatewayException.invalidField('snoozeUntil', ['must be in the future'], snoozeUntil);
    if (until > limit)
      throw GatewayException.invalidField(
        'snoozeUntil',
        [`must be at most ${this.config.INBOX_MAX_SNOOZE_HOURS} hours ahead`],
        snoozeUntil,
      );
  }

  private async workflows(scope: InboxScope): Promise<InboxWorkflows> {
    return new InboxWorkflows(await this.workflowRepository.summaries(scope.environmentId));
  }
}

function toFilter(workflows: InboxWorkflows, input: FilterInput): InboxNotificationFilter {
  // No workflow matches: the filter keeps nothing (runner-in-app's contract).
  const workflowIds = input.contextKeys?.length ? [] : workflows.idsMatching(input);
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const filter: InboxNotificationFilter = {
    read: input.read,
    seen: input.seen,
    archived: input.archived,
    snoozed: input.snoozed,
    workflowIds,
    data: input.data && Object.keys(input.data).length > 0 ? input.data : undefined,
    createdGte: iso(input.createdGte),
    createdLte: iso(input.createdLte),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

/** An id no notification can have is a 422 here, not a refusal (503) from runner-in-app's contract. */
function checkId(notificationId: string): void {
  const checked = idSchema.safeParse(notificationId);
  if (!checked.success)
    throw GatewayException.invalidField(
      'notificationId',
      checked.error.issues.map((issue) => issue.message),
      notificationId,
    );
}

function notFound(notificationId: string): NotFoundException {
  return new NotFoundException(`Notification not found: "${notificationId}"`);
}
