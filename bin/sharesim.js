#!/usr/bin/env node
// `npx sharesim …` (the package's bin): the command line in lambda/cli, run from its TypeScript
// sources through tsx, so it needs no build step in the repository.
require('tsx/cjs/api').register();
const { main } = require('../lambda/cli/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`sharesim: unexpected error: ${err?.stack ? err.stack : err}\n`);
    process.exitCode = 3;
  },
);
