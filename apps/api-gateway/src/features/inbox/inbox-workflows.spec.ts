import type { WorkflowSummary } from '../workflows/workflow.repository';
import { InboxWorkflows } from './inbox-workflows';

const workflow = (id: string, tags: string[], severity: WorkflowSummary['severity'] = 'none'): WorkflowSummary => ({
  id,
  identifier: id,
  name: id,
  tags,
  critical: false,
  severity,
});

describe('InboxWorkflows', () => {
  const workflows = new InboxWorkflows([
    workflow('billing', ['billing', 'account'], 'high'),
    workflow('comments', ['social'], 'low'),
    workflow('security', ['account', 'security'], 'high'),
    workflow('plain', []),
  ]);

  it('keeps every workflow when nothing filters', () => {
    expect(workflows.idsMatching({})).toBeUndefined();
    expect(workflows.idsMatching({ tagGroups: [[]], severities: [] })).toBeUndefined();
  });

  it('matches any tag of one group (OR)', () => {
    expect(workflows.idsMatching({ tagGroups: [['billing', 'social']] })).toEqual(['billing', 'comments']);
  });

  it('needs every group (AND of ORs)', () => {
    expect(workflows.idsMatching({ tagGroups: [['account'], ['security', 'social']] })).toEqual(['security']);
  });

  it('filters by severity, alone or with tags', () => {
    expect(workflows.idsMatching({ severities: ['high'] })).toEqual(['billing', 'security']);
    expect(workflows.idsMatching({ tagGroups: [['account']], severities: ['low'] })).toEqual([]);
  });
});
