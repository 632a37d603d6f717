#!/usr/bin/env node
/** `npm run national -- [authorities] [seed] > nation.json`: a synthetic national scenario. */
import { syntheticNation } from '../lambda/synthetic/national';

const n = Number(process.argv[2] ?? 25000);
const seed = Number(process.argv[3] ?? 1);
if (!Number.isInteger(n) || n < 1 || n > 30000) throw new Error('authorities must be 1 to 30000');
process.stdout.write(`${JSON.stringify(syntheticNation({ authorities: n, seed }), null, 1)}\n`);
