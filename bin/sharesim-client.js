#!/usr/bin/env node
// The signing client for a deployed sharesim API (lambda/cli/signedClient.ts): your AWS
// credentials, the SDK's SigV4 signer, and reports saved or opened. Run from its TypeScript
// sources through tsx, like bin/sharesim.js.
require('tsx/cjs/api').register();
const { clientMain } = require('../lambda/cli/signedClient.ts');

clientMain(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`sharesim-client: ${err?.message ?? err}\n`);
    process.exitCode = 3;
  },
);
