import { createMessagingTablesMigration } from './messaging-tables.migration';

describe('createMessagingTablesMigration', () => {
  it('gives each schema a stable, TypeORM-valid migration name', () => {
    const Trigger = createMessagingTablesMigration('trigger');
    const RunnerEmail = createMessagingTablesMigration('runner_email');
    expect(new Trigger().name).toBe('MessagingTablesTrigger1764000000000');
    expect(Trigger.name).toBe('MessagingTablesTrigger1764000000000');
    expect(new RunnerEmail().name).toBe('MessagingTablesRunnerEmail1764000000000');
    expect(new (createMessagingTablesMigration('trigger'))().name).toBe(new Trigger().name);
    expect(new (createMessagingTablesMigration('trigger', { timestamp: 1770000000000 }))().name).toBe(
      'MessagingTablesTrigger1770000000000',
    );
  });

  it('refuses schema names that are not plain identifiers', () => {
    expect(() => createMessagingTablesMigration('bad"name')).toThrow(/invalid schema/);
  });
});
