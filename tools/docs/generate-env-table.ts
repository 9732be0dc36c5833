/** `npm run docs:env`: rewrites the README's environment-variable table from the config schemas. */
import fs from 'node:fs';
import path from 'node:path';

import { withEnvTable } from './env-table';

const readmePath = path.resolve(__dirname, '..', '..', '..', 'README.md');
fs.writeFileSync(readmePath, withEnvTable(fs.readFileSync(readmePath, 'utf8')));
process.stdout.write('README.md: environment table regenerated\n');
