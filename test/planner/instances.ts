/** Small planning instances from the synthetic nation: one region's bodies, a few schools, seeded. */
import { scenarioSchema, type Scenario } from '../../lambda/engine/schema';
import { syntheticNation } from '../../lambda/synthetic/national';

const pool = syntheticNation({ authorities: 6000, seed: 11 }).authorities;

/** n authorities from one region: mostly councils, police, fire, health and others, some schools. */
export function smallInstance(seed: number, n: number): Scenario {
  let x = seed * 2654435761;
  const rnd = () => {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return x / 2 ** 32;
  };
  const regions = [...new Set(pool.map((a) => a.region))];
  const region = regions[Math.floor(rnd() * regions.length)];
  const here = pool.filter((a) => a.region === region);
  const bodies = here.filter((a) => a.kind !== 'school');
  const schools = here.filter((a) => a.kind === 'school');
  const chosen = new Set<(typeof pool)[number]>();
  const nSchools = Math.min(schools.length, Math.floor(rnd() * 3));
  while (chosen.size < nSchools) chosen.add(schools[Math.floor(rnd() * schools.length)]!);
  while (chosen.size < n && chosen.size < here.length)
    chosen.add(
      bodies.length > 0 && rnd() < 0.9
        ? bodies[Math.floor(rnd() * bodies.length)]!
        : here[Math.floor(rnd() * here.length)]!,
    );
  return scenarioSchema.parse({ name: `instance ${seed}`, authorities: [...chosen] });
}
