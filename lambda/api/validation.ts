import type { z } from 'zod';
import type { FieldError } from './problem';

/** RFC 6901 JSON Pointer from a path of keys and indices. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

type Issue = z.core.$ZodIssue;

/** For a union (a number or a distribution), report the branch the client evidently meant. */
function bestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const meaningful = branches.filter(
    (b) => b.length > 0 && !b.every((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (meaningful.length === 0) return undefined;
  return meaningful.reduce((best, b) => {
    const d = Math.max(...b.map((i) => i.path.length));
    const bd = Math.max(...best.map((i) => i.path.length));
    return d > bd ? b : best;
  });
}

function flatten(issue: Issue, prefix: readonly PropertyKey[], out: FieldError[]): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    for (const k of issue.keys) out.push({ path: jsonPointer([...path, k]), message: 'is not a recognised field' });
    return;
  }
  if (issue.code === 'invalid_union') {
    const branch = bestBranch(issue.errors);
    if (branch) {
      for (const i of branch) flatten(i, path, out);
      return;
    }
    out.push({
      path: jsonPointer(path),
      message:
        issue.message === 'Invalid input'
          ? 'is not any of the accepted forms (see the OpenAPI document)'
          : issue.message,
    });
    return;
  }
  out.push({ path: jsonPointer(path), message: issue.message });
}

/** zod issues as API errors, each with a JSON Pointer path (capped so a huge bad body stays small). */
export function fieldErrors(error: z.ZodError, prefix: readonly PropertyKey[] = [], max = 100): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    flatten(issue, prefix, out);
    if (out.length >= max) break;
  }
  return out.slice(0, max);
}
