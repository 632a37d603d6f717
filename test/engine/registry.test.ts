import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ASSUMPTION_KEYS, ASSUMPTIONS } from '../../lambda/engine/defaults';
import { defaultsMarkdown } from '../../lambda/engine/defaultsTable';
import { PRICE_BASE_YEAR, uprate } from '../../lambda/engine/prices';
import {
  DEMAND_DIMS,
  SERVICE_DEFS,
  SERVICE_OFFSET,
  SERVICE_STATIC,
  STATIC_DIMS,
} from '../../lambda/engine/services/registry';
import { compile } from '../../lambda/engine/model';
import { scenario } from '../helpers';

describe('every default is sourced, dated and uncertain (or fixed by definition)', () => {
  it.each(ASSUMPTION_KEYS)('%s', (key) => {
    const s = ASSUMPTIONS[key];
    expect(s.low).toBeLessThanOrEqual(s.value);
    expect(s.value).toBeLessThanOrEqual(s.high);
    expect(s.low).toBeGreaterThanOrEqual(s.min);
    if (s.max !== undefined) expect(s.high).toBeLessThanOrEqual(s.max);
    expect(s.unit.length).toBeGreaterThan(0);
    expect(s.description.length).toBeGreaterThan(10);
    expect(s.source.length).toBeGreaterThan(5);
    if (s.money) {
      expect(s.priceYear).toBeGreaterThanOrEqual(2000);
      expect(s.priceYear).toBeLessThanOrEqual(PRICE_BASE_YEAR);
      // the value is the source's figure uprated to the price base (to four significant figures)
      expect(s.value).toBeCloseTo(uprate(s.sourceValue!, s.priceYear!), -Math.floor(Math.log10(s.value || 1)) + 3);
    }
  });
});

describe('the service registry', () => {
  it('has unique ids, and every service’s defaults are in the registry of assumptions', () => {
    const ids = SERVICE_DEFS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of SERVICE_DEFS) for (const k of Object.keys(d.assumptions)) expect(ASSUMPTION_KEYS).toContain(k);
  });

  it('the IT and contact services’ scope weights add up to one (back office adds its own)', () => {
    const weights = SERVICE_DEFS.filter((d) => d.family !== 'backOffice').map((d) => d.scopeWeight);
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });

  it("lays the services' blocks out without overlap, yearly and static apart", () => {
    const blocks = SERVICE_DEFS.map((d, k) => ({
      k,
      from: SERVICE_OFFSET[k]!,
      to: SERVICE_OFFSET[k]! + 1 + d.dims.length,
    }));
    for (const isStatic of [false, true]) {
      const mine = blocks.filter((b) => SERVICE_STATIC[b.k] === isStatic).sort((p, q) => p.from - q.from);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.from).toBe(mine[i - 1]!.to);
      expect(mine[mine.length - 1]!.to).toBeLessThanOrEqual(isStatic ? STATIC_DIMS : DEMAND_DIMS);
    }
  });

  it('a member that does not share a service leaves its block empty; one that does counts once', () => {
    const m = compile(
      scenario({
        name: 'blocks',
        authorities: [
          { id: 'c', kind: 'council', staff: 3000 },
          { id: 's', kind: 'school', staff: 30, membership: 'procurement' },
        ],
      }),
    );
    // the sharers slot of each block is 1 exactly for the members that share it
    for (const [k, def] of SERVICE_DEFS.entries()) {
      const d = SERVICE_STATIC[k] ? m.arrays.demandStatic : m.arrays.demand;
      for (const a of m.authorities) {
        const o = (SERVICE_STATIC[k] ? a.index * STATIC_DIMS : a.index * m.years * DEMAND_DIMS) + SERVICE_OFFSET[k]!;
        expect(d[o]).toBe(a.shares[k] ? 1 : 0);
        if (!a.shares[k]) for (let j = 1; j <= def.dims.length; j++) expect(d[o + j]).toBe(0);
      }
    }
  });
});

describe('docs/defaults.md', () => {
  it('is what `npm run docs:defaults` writes from the code', () => {
    const file = readFileSync(path.join(__dirname, '..', '..', 'docs', 'defaults.md'), 'utf8');
    expect(file).toBe(defaultsMarkdown());
  });
});
