import { Client } from 'pg';

import { createTestDatabase, expectEventually } from '../src';

describe('createTestDatabase', () => {
  it('gives each suite its own empty database and drops it', async () => {
    const first = await createTestDatabase('a');
    const second = await createTestDatabase('a');
    expect(first.name).not.toBe(second.name);
    const client = new Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE marker (id int)');
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    expect(rows[0].db).toBe(first.name);
    await client.end();
    await first.drop();
    await second.drop();
    await expect(new Client({ connectionString: first.url }).connect()).rejects.toThrow(/does not exist/);
  });
});

describe('expectEventually', () => {
  it('retries until the assertion passes', async () => {
    let calls = 0;
    await expectEventually(() => expect(++calls).toBeGreaterThanOrEqual(3), { intervalMs: 1 });
    expect(calls).toBe(3);
  });

  it('rethrows the last failure after the timeout', async () => {
    await expect(expectEventually(() => expect(1).toBe(2), { timeoutMs: 50, intervalMs: 5 })).rejects.toThrow(
      /still failing after 50 ms/,
    );
  });
});
