import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The dev environment's API key: `HERALD_DEV_API_KEY` when set, else one generated on the first
 * start and kept in `.herald/dev-api-key` (the database only ever stores its hash).
 */
export function resolveDevApiKey(stateDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.HERALD_DEV_API_KEY) return env.HERALD_DEV_API_KEY;
  const file = path.join(stateDir, 'dev-api-key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const key = `hk_dev_${randomBytes(24).toString('hex')}`;
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}
