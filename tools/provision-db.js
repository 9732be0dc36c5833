#!/usr/bin/env node
// Provisions Herald's database (roles, schemas) with a superuser URL; see docs/decisions/0031.
//   PROVISION_DATABASE_URL=postgres://postgres@127.0.0.1:5432/herald node tools/provision-db.js
// `npm start` does this by itself on the local server.
require('./build.js').build();
process.env.PROVISION_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/herald';
const { provisionFromEnvironment } = require('../dist/libs/persistence/src/bin/provision-database.js');
provisionFromEnvironment(process.env).catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
