import { Client } from 'pg';

/** A service's Postgres identity: the role it logs in as and the one schema that role owns. */
export interface ServiceDatabaseRole {
  /** The service (`api-gateway`, `runner-email`, …). */
  service: string;
  /** `herald_<service>` with `_` for `-`. */
  role: string;
  schema: string;
}

/** Every Herald service and the schema it owns; the roles are named after the services. */
export const HERALD_DATABASE_ROLES: readonly ServiceDatabaseRole[] = [
  ['api-gateway', 'gateway'],
  ['attachment-service', 'attachments'],
  ['trigger-worker', 'trigger'],
  ['runner-email', 'runner_email'],
  ['runner-sms', 'runner_sms'],
  ['runner-push', 'runner_push'],
  ['runner-chat', 'runner_chat'],
  ['runner-in-app', 'runner_in_app'],
].map(([service, schema]) => ({ service, role: serviceRoleName(service), schema }));

/** `api-gateway` → `herald_api_gateway`. */
export function serviceRoleName(service: string): string {
  return `herald_${service.replace(/-/g, '_')}`;
}

/** The service's `DATABASE_URL`: the server and database of `url`, logged in as the service's role. */
export function serviceDatabaseUrl(url: string, service: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = serviceRoleName(service);
  parsed.password = password ? encodeURIComponent(password) : '';
  return parsed.toString();
}

/** What `provisionDatabase` sets up. */
export interface ProvisionDatabaseOptions {
  /** A superuser (or CREATEDB + CREATEROLE) URL naming the database to provision. */
  adminUrl: string;
  /** Default: every Herald service. */
  roles?: readonly ServiceDatabaseRole[];
  /** Password per role name; a role without one gets none (trust or peer auth only). Set again on each run. */
  passwords?: Readonly<Record<string, string | undefined>>;
  /** Where `CREATE DATABASE` and the cluster-wide lock run (default `postgres`). */
  maintenanceDatabase?: string;
}

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';
/** Roles are cluster-wide: every provisioner, whatever its database, serialises on this key in `postgres`. */
const PROVISION_LOCK_KEY = 0x6865_7261; // "hera"

/**
 * The one step that needs a superuser, run once per install (and again safely): creates the
 * database, one login role per service (no superuser, no CREATEDB/CREATEROLE), and each service's
 * schema owned by its role, with no rights for anyone else. Services then connect as their role,
 * run their own migrations in the schema they own, and never touch the `postgres` database.
 * Idempotent, and safe to run concurrently (a session advisory lock in the maintenance database
 * serialises provisioners of every database on the server). Objects an older install created in
 * a schema under another owner are handed to the schema's role.
 */
export async function provisionDatabase(options: ProvisionDatabaseOptions): Promise<void> {
  const roles = options.roles ?? HERALD_DATABASE_ROLES;
  const target = new URL(options.adminUrl);
  const database = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!database) throw new Error('the provisioning URL must name a database');
  const maintenanceUrl = new URL(options.adminUrl);
  maintenanceUrl.pathname = `/${options.maintenanceDatabase ?? 'postgres'}`;

  const admin = new Client({ connectionString: maintenanceUrl.toString(), application_name: 'herald-provision' });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [PROVISION_LOCK_KEY]);
    await createDatabaseIfMissing(admin, database);
    for (const { role } of roles) await upsertRole(admin, role, options.passwords?.[role]);
    const client = new Client({ connectionString: options.adminUrl, application_name: 'herald-provision' });
    await client.connect();
    try {
      await lockDownDatabase(client, database, roles);
    } finally {
      await client.end();
    }
  } finally {
    await admin.end();
  }
}

async function createDatabaseIfMissing(admin: Client, database: string): Promise<void> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (rowCount) return;
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
  }
}

async function upsertRole(admin: Client, role: string, password: string | undefined): Promise<void> {
  const name = admin.escapeIdentifier(role);
  const secret = password ? `PASSWORD ${admin.escapeLiteral(password)}` : '';
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ${secret}`;
  const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  await admin.query(rowCount ? `ALTER ROLE ${name} ${attributes}` : `CREATE ROLE ${name} ${attributes}`);
}

async function lockDownDatabase(
  client: Client,
  database: string,
  roles: readonly ServiceDatabaseRole[],
): Promise<void> {
  const db = client.escapeIdentifier(database);
  await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
  await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  for (const { role, schema } of roles) {
    const owner = client.escapeIdentifier(role);
    const quoted = client.escapeIdentifier(schema);
    await client.query(`GRANT CONNECT ON DATABASE ${db} TO ${owner}`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted} AUTHORIZATION ${owner}`);
    await client.query(`ALTER SCHEMA ${quoted} OWNER TO ${owner}`);
    await client.query(`REVOKE ALL ON SCHEMA ${quoted} FROM PUBLIC`);
    await handOverObjects(client, schema, role);
    for (const other of roles) {
      if (other.role !== role)
        await client.query(`REVOKE ALL ON SCHEMA ${quoted} FROM ${client.escapeIdentifier(other.role)}`);
    }
  }
}

/** Tables, views, free-standing sequences and functions an older install created in the schema under another owner. */
async function handOverObjects(client: Client, schema: string, role: string): Promise<void> {
  const { rows } = await client.query<{ statement: string }>(
    `SELECT format('ALTER TABLE %s OWNER TO %I', c.oid::regclass, $2::text) AS statement
       FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        AND pg_get_userbyid(c.relowner) <> $2
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
     UNION ALL
     SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, $2::text)
       FROM pg_proc p WHERE p.pronamespace = $1::regnamespace AND pg_get_userbyid(p.proowner) <> $2`,
    [schema, role],
  );
  for (const { statement } of rows) await client.query(statement);
}
