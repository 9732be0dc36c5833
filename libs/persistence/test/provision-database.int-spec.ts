import 'reflect-metadata';

import { createTestDatabase, TestDatabase, uniqueTestPrefix } from '@herald/testing';
import { Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';

import { DATA_SOURCE, HERALD_DATABASE_ROLES, PersistenceModule, provisionDatabase, serviceDatabaseUrl } from '../src';
import { startStartupRecordingProxy } from './support/startup-recording-proxy';

const PASSWORD = 'herald-local';
const passwords = Object.fromEntries(HERALD_DATABASE_ROLES.map(({ role }) => [role, PASSWORD]));

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );
}

class CreateApiKeys1700000000000 implements MigrationInterface {
  name = 'CreateApiKeys1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE gateway.api_keys (id int PRIMARY KEY, secret text)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.api_keys');
  }
}

describe('database provisioning and per-service roles', () => {
  let database: TestDatabase;
  const url = (service: string) => serviceDatabaseUrl(database.url, service, PASSWORD);

  beforeAll(async () => {
    database = await createTestDatabase('provision');
    await provisionDatabase({ adminUrl: database.url, passwords });
  });
  afterAll(() => database.drop());

  it('gives each service a schema owned by its own role, and nothing on the public schema', async () => {
    const owners = await withClient(database.url, (client) =>
      client.query<{ nspname: string; owner: string }>(
        `SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace
          WHERE nspname = ANY($1::text[]) ORDER BY nspname`,
        [HERALD_DATABASE_ROLES.map(({ schema }) => schema)],
      ),
    );
    expect(owners.rows).toEqual(
      HERALD_DATABASE_ROLES.map(({ schema, role }) => ({ nspname: schema, owner: role })).sort((a, b) =>
        a.nspname.localeCompare(b.nspname),
      ),
    );
    const roles = await withClient(database.url, (client) =>
      client.query(
        'SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[]) AND (rolsuper OR rolcreatedb OR rolcreaterole)',
        [HERALD_DATABASE_ROLES.map(({ role }) => role)],
      ),
    );
    expect(roles.rows).toEqual([]);
    await withClient(url('trigger-worker'), async (client) => {
      expect(await sqlState(client.query('CREATE TABLE public.stolen (id int)'))).toBe('42501');
    });
  });

  it('starts a service as its role, migrating its schema, never connecting to the postgres database', async () => {
    const proxy = await startStartupRecordingProxy(database.url);
    @Module({
      imports: [
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            databaseUrl: proxy.via(url('api-gateway')),
            schema: 'gateway',
            migrations: [CreateApiKeys1700000000000],
            poolSize: 2,
            applicationName: 'provision-test',
          }),
        }),
      ],
    })
    class GatewayPersistence {
      constructor(@Inject(DATA_SOURCE) readonly dataSource: DataSource) {}
    }
    const app = await NestFactory.createApplicationContext(GatewayPersistence, { logger: false });
    try {
      const dataSource = app.get<DataSource>(DATA_SOURCE);
      await dataSource.query("INSERT INTO gateway.api_keys VALUES (1, 'hk_secret')");
      const [{ owner }] = await dataSource.query(
        "SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'gateway.api_keys'::regclass",
      );
      expect(owner).toBe('herald_api_gateway');
    } finally {
      await app.close();
      await proxy.close();
    }
    expect(proxy.databases.length).toBeGreaterThan(0);
    expect(new Set(proxy.databases)).toEqual(new Set([database.name]));
  });

  it("refuses the trigger-worker's role any read of the gateway's tables", async () => {
    await withClient(url('api-gateway'), (client) =>
      client.query('CREATE TABLE IF NOT EXISTS gateway.environments (id int)'),
    );
    await withClient(url('trigger-worker'), async (client) => {
      expect(await sqlState(client.query('SELECT * FROM gateway.environments'))).toBe('42501');
      expect(await sqlState(client.query('SELECT * FROM gateway.api_keys'))).toBe('42501');
      expect(await sqlState(client.query('CREATE TABLE gateway.planted (id int)'))).toBe('42501');
      await client.query('CREATE TABLE trigger.own (id int)');
    });
  });

  it('provisions again, and concurrently from several callers, without an error or a change', async () => {
    const name = uniqueTestPrefix('provision_race');
    const adminUrl = new URL(database.url);
    adminUrl.pathname = `/${name}`;
    try {
      await Promise.all([1, 2, 3].map(() => provisionDatabase({ adminUrl: adminUrl.toString(), passwords })));
      await provisionDatabase({ adminUrl: adminUrl.toString(), passwords });
      await provisionDatabase({ adminUrl: database.url, passwords });
      const schemas = await withClient(adminUrl.toString(), (client) =>
        client.query('SELECT count(*)::int AS count FROM pg_namespace WHERE nspname = ANY($1::text[])', [
          HERALD_DATABASE_ROLES.map(({ schema }) => schema),
        ]),
      );
      expect(schemas.rows[0].count).toBe(HERALD_DATABASE_ROLES.length);
      await withClient(url('trigger-worker'), (client) => client.query('SELECT count(*) FROM trigger.own'));
    } finally {
      await withClient(database.url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });

  it('hands objects an older install created under another owner to the schema role', async () => {
    await withClient(database.url, async (client) => {
      await client.query('CREATE TABLE runner_sms.legacy (id serial PRIMARY KEY)');
      await client.query('CREATE FUNCTION runner_sms.legacy_fn() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$');
    });
    await provisionDatabase({ adminUrl: database.url, passwords });
    await withClient(url('runner-sms'), async (client) => {
      await client.query('INSERT INTO runner_sms.legacy DEFAULT VALUES');
      await client.query('ALTER TABLE runner_sms.legacy ADD COLUMN note text');
      expect((await client.query('SELECT runner_sms.legacy_fn() AS one')).rows).toEqual([{ one: 1 }]);
    });
  });
});
