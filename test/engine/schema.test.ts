import { scenarioSchema } from '../../lambda/engine/schema';

const scenario = (authority: Record<string, unknown>) => ({
  name: 'x',
  authorities: [{ id: 'a', kind: 'council', staff: 500, ...authority }],
});

describe('authority tier', () => {
  it('accepts a tier of the authority kind', () => {
    expect(scenarioSchema.safeParse(scenario({ tier: 'district' })).success).toBe(true);
    expect(scenarioSchema.safeParse(scenario({ kind: 'school', tier: 'primary' })).success).toBe(true);
  });

  it('refuses a tier of another kind, at its path', () => {
    const r = scenarioSchema.safeParse(scenario({ kind: 'police', tier: 'district' }));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('/'))).toEqual(['authorities/0/tier']);
  });

  it('refuses an unknown tier', () => {
    expect(scenarioSchema.safeParse(scenario({ tier: 'parish' })).success).toBe(false);
  });
});
