/**
 * Errors across the thread boundary: a task's typed error (a problem, an unprocessable
 * scenario, a plan input error) arrives in the caller's thread as the same class, so the API's
 * one error mapper answers a pooled request exactly as an in-process one.
 */
import { HttpProblem } from '../api/problem';
import { type InputProblem, UnprocessableScenarioError } from '../engine/errors';
import { DeadlineExceededError, PoolBusyError, TaskAbortedError } from '../jobs/offload';
import { PlanInputError } from '../planner/plan';

export type SerializedError =
  | {
      readonly kind: 'problem';
      readonly status: number;
      readonly type: string;
      readonly title: string;
      readonly detail?: string;
      readonly errors?: readonly { path: string; message: string }[];
      readonly headers: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'unprocessable';
      readonly message: string;
      readonly path: string;
      readonly inputs: readonly InputProblem[];
    }
  | { readonly kind: 'planInput'; readonly message: string; readonly path: string }
  | { readonly kind: 'aborted'; readonly message: string }
  | { readonly kind: 'busy'; readonly retryAfterSeconds: number }
  | { readonly kind: 'deadline'; readonly limitMs: number }
  | { readonly kind: 'error'; readonly name: string; readonly message: string };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof HttpProblem)
    return {
      kind: 'problem',
      status: e.status,
      type: e.type,
      title: e.title,
      ...(e.detail !== undefined ? { detail: e.detail } : {}),
      ...(e.errors ? { errors: e.errors } : {}),
      headers: e.headers,
    };
  if (e instanceof UnprocessableScenarioError)
    return { kind: 'unprocessable', message: e.message, path: e.path, inputs: e.inputs };
  if (e instanceof PlanInputError) return { kind: 'planInput', message: e.message, path: e.path };
  if (e instanceof TaskAbortedError) return { kind: 'aborted', message: e.message };
  if (e instanceof PoolBusyError) return { kind: 'busy', retryAfterSeconds: e.retryAfterSeconds };
  if (e instanceof DeadlineExceededError) return { kind: 'deadline', limitMs: e.limitMs };
  if (e instanceof Error) return { kind: 'error', name: e.name, message: e.message };
  return { kind: 'error', name: 'Error', message: String(e) };
}

export function deserializeError(s: SerializedError): Error {
  switch (s.kind) {
    case 'problem':
      return new HttpProblem(s.status, s.type, s.title, s.detail, s.errors, s.headers);
    case 'unprocessable':
      return new UnprocessableScenarioError(s.message, s.path, s.inputs);
    case 'planInput':
      return new PlanInputError(s.message, s.path);
    case 'aborted':
      return new TaskAbortedError(s.message);
    case 'busy':
      return new PoolBusyError(s.retryAfterSeconds);
    case 'deadline':
      return new DeadlineExceededError(s.limitMs);
    case 'error': {
      const e = new Error(s.message);
      e.name = s.name;
      return e;
    }
  }
}
