import fs from 'node:fs';
import path from 'node:path';

import { renderEnvTable, withEnvTable } from './env-table';

describe('README environment table', () => {
  it('is what the config schemas generate (run `npm run docs:env` after changing a config)', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(withEnvTable(readme)).toBe(readme);
  });

  it('lists every variable once, secrets marked', () => {
    const table = renderEnvTable();
    expect(table.match(/\| `DATABASE_URL` \|/g)).toHaveLength(1);
    expect(table).toMatch(/`API_KEY_HMAC_SECRET` .*secret, masked in logs/);
  });
});
