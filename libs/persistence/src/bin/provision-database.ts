/**
 * The provisioning step, run once per install (and safely again) with a superuser URL, before the
 * services start: `node dist/libs/persistence/src/bin/provision-database.js` in any Herald image
 * (compose's `provision-db` service, the k8s `herald-provision-db` Job) or `node tools/provision-db.js`.
 *   PROVISION_DATABASE_URL   superuser URL naming Herald's database (created when missing)
 *   DB_PASSWORD_<SERVICE>    each service role's password (DB_PASSWORD_API_GATEWAY, …), or
 *   DATABASE_URL_<SERVICE>   the service's own DATABASE_URL, whose password is taken (k8s keeps
 *                            only these in herald-secrets). One is required when NODE_ENV=production.
 */
import { HERALD_DATABASE_ROLES, provisionDatabase } from '../provision-database';

/** `api-gateway` → `DB_PASSWORD_API_GATEWAY`. */
export function passwordVariable(service: string): string {
  return `DB_PASSWORD_${service.toUpperCase().replace(/-/g, '_')}`;
}

/** `api-gateway` → `DATABASE_URL_API_GATEWAY`. */
export function serviceUrlVariable(service: string): string {
  return `DATABASE_URL_${service.toUpperCase().replace(/-/g, '_')}`;
}

function passwordOf(env: NodeJS.ProcessEnv, service: string, role: string, problems: string[]): string | undefined {
  const direct = env[passwordVariable(service)];
  if (direct) return direct;
  const url = env[serviceUrlVariable(service)];
  if (!url) return undefined;
  const parsed = new URL(url);
  if (decodeURIComponent(parsed.username) !== role)
    problems.push(`${serviceUrlVariable(service)} must log in as ${role}`);
  return decodeURIComponent(parsed.password) || undefined;
}

/** Reads the variables above and provisions; rejects listing every missing one. */
export async function provisionFromEnvironment(env: NodeJS.ProcessEnv): Promise<void> {
  const adminUrl = env.PROVISION_DATABASE_URL;
  const problems: string[] = [];
  if (!adminUrl)
    problems.push(
      'PROVISION_DATABASE_URL is unset: a superuser URL naming the database, e.g. postgres://postgres:…@db:5432/herald',
    );
  const passwords: Record<string, string | undefined> = {};
  for (const { service, role } of HERALD_DATABASE_ROLES) {
    passwords[role] = passwordOf(env, service, role, problems);
    if (env.NODE_ENV === 'production' && !passwords[role]) {
      problems.push(
        `${passwordVariable(service)} is unset: generate one with  openssl rand -base64 32 | tr '+/' '-_' | tr -d '='`,
      );
    }
  }
  if (problems.length > 0 || !adminUrl) throw new Error(`cannot provision:\n  ${problems.join('\n  ')}`);
  await provisionDatabase({ adminUrl, passwords });
  const target = new URL(adminUrl);
  process.stdout.write(
    `provisioned ${target.pathname.slice(1)} on ${target.host}: ${HERALD_DATABASE_ROLES.length} service roles\n`,
  );
}

if (require.main === module) {
  provisionFromEnvironment(process.env).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
