/**
 * Issue 19, item 12: `together` groups that chain into a partnership larger than `maxSize` are
 * refused with the path of the group that closes the chain, and an id twice in one group is
 * refused, instead of a 60-member partnership "not forced" under maxSize 2.
 */
import { planConstraintsSchema, planRequestSchema } from '../../lambda/planner/schema';

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.error!.issues.map((i) => i.path.join('/'));

describe('plan constraints', () => {
  it('a chain of together pairs that joins 60 authorities under maxSize 2 is refused', () => {
    const together = Array.from({ length: 59 }, (_, i) => [`a${i}`, `a${i + 1}`]);
    const r = planConstraintsSchema.safeParse({ maxSize: 2, together });
    expect(r.success).toBe(false);
    expect(paths(r)).toEqual(['together/0']);
    expect(r.error!.issues[0]!.message).toMatch(/join into one partnership of 60, more than maxSize \(2\)/);
  });

  it('overlapping groups within maxSize are accepted, and separate groups each count on their own', () => {
    expect(
      planConstraintsSchema.safeParse({
        maxSize: 3,
        together: [
          ['a', 'b'],
          ['b', 'c'],
        ],
      }).success,
    ).toBe(true);
    expect(
      planConstraintsSchema.safeParse({
        maxSize: 2,
        together: [
          ['a', 'b'],
          ['c', 'd'],
        ],
      }).success,
    ).toBe(true);
    const r = planConstraintsSchema.safeParse({
      maxSize: 3,
      together: [
        ['x', 'y'],
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
      ],
    });
    expect(paths(r)).toEqual(['together/1']);
  });

  it('the same id twice in one group is refused at its place, in together and apart alike', () => {
    const t = planConstraintsSchema.safeParse({ together: [['a1', 'a1']] });
    expect(paths(t)).toEqual(['together/0/1']);
    const a = planConstraintsSchema.safeParse({ apart: [['x', 'y', 'x']] });
    expect(paths(a)).toEqual(['apart/0/2']);
  });

  it('a request carries the constraints errors under /constraints', () => {
    const r = planRequestSchema.safeParse({ scenarioId: 's', constraints: { together: [['a', 'a']] } });
    expect(paths(r)).toEqual(['constraints/together/0/1']);
  });
});
