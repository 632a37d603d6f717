/**
 * The assumptions object is read hundreds of millions of times by the saving game; in V8's
 * dictionary mode every read is a hash lookup and an exact 20-authority game took 29 s instead
 * of 4 (issue 12). JSON.parse, used before, builds dictionary-mode objects from 128 keys; the
 * back office's defaults took the registry past that without anyone noticing.
 */
import v8 from 'node:v8';
import fs from 'node:fs';
import path from 'node:path';
import { defaultAssumptions, fastObject } from '../../lambda/engine/defaults';
import { compile } from '../../lambda/engine/model';
import { scenarioSchema } from '../../lambda/engine/schema';

v8.setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

const gwent = scenarioSchema.parse(
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'gwent-psn.json'), 'utf8')),
);

describe('the assumptions stay in fast-properties mode', () => {
  it('the probe tells the two modes apart (JSON.parse of as many keys is a dictionary)', () => {
    const a = defaultAssumptions();
    expect(Object.keys(a).length).toBeGreaterThanOrEqual(128);
    expect(hasFastProperties(JSON.parse(JSON.stringify(a)))).toBe(false);
  });

  it('defaults, a compiled model and a Monte Carlo draw over them are fast', () => {
    expect(hasFastProperties(defaultAssumptions())).toBe(true);
    expect(hasFastProperties(compile(gwent).a)).toBe(true);
    expect(hasFastProperties(compile(gwent, { storageGrowth: 0.2, contactAhtMinutes: 7 }).a)).toBe(true);
    const built: Record<string, number> = {};
    for (let i = 0; i < 400; i++) built[`k${i}`] = i;
    expect(hasFastProperties(fastObject(built))).toBe(true);
  });
});
