#!/usr/bin/env node
// `npm start`: build what is stale, then run the dev launcher in this same process, so Ctrl-C and
// SIGTERM reach it directly (no shell in between that could die first and orphan the services).
require('./build.js').build();
require('../dist/tools/dev/start.js');
