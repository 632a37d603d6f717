/**
 * The synthesized state machine, run by aws-local-stepfunctions (an Amazon States Language
 * interpreter from the npm registry): its definition as the template has it, every Lambda ARN
 * resolved to a local function, and each Task state invoking the function its `Resource` names,
 * as Step Functions invokes Lambda (`payloadResponseOnly`: the Resource is the function's ARN
 * and the payload is the state's input).
 *
 * What Step Functions does that the interpreter does not, done here:
 * - a function error reaches the state machine as Step Functions reports it: `Error` the
 *   error's type, `Cause` the JSON of `{ errorType, errorMessage, trace }`;
 * - a state's output larger than 256 KiB fails with States.DataLimitExceeded;
 * - a Task with no TimeoutSeconds waits as long as the function may run (the interpreter's own
 *   default is the specification's 60 s; Step Functions has none, Lambda's timeout bounds it).
 * - a Distributed Map fails with States.ExceedToleratedFailureThreshold when a child fails.
 * What it does not do: Distributed Map runs its item processor inline (the same states, the same
 * item as each iteration's input), and retry jitter is not applied. `interceptors` let a test
 * stand between a Task and its function (a lost answer, a failure, a signal that a step has
 * started).
 */
import type { LocalFunction } from './lambdas';

/** What is used of aws-local-stepfunctions (its CommonJS build; its types are declared for ES modules only). */
interface LocalStateMachine {
  run(
    input: unknown,
    options: {
      overrides: { taskResourceLocalHandlers: Record<string, (input: Json) => Promise<Json>> };
      noThrowOnAbort: boolean;
    },
  ): { result: Promise<unknown>; abort(): void };
}
const { StateMachine } = require('aws-local-stepfunctions') as {
  StateMachine: new (
    definition: unknown,
    options: { validationOptions: { checkArn: boolean; checkPaths: boolean } },
  ) => LocalStateMachine;
};

// aws-local-stepfunctions 3 is written for Node 22 (package engines); Node 20 lacks Promise.withResolvers,
// which its Task state uses. The standard shape, only where missing.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: <T>() => {
      let resolve!: (v: T | PromiseLike<T>) => void;
      let reject!: (e?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

/** Step Functions' limit on a state's input or output, bytes. */
export const STATE_PAYLOAD_LIMIT = 256 * 1024;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export type Interceptor = (input: Json, invoke: (input: Json) => Promise<Json>, attempt: number) => Promise<Json>;

export interface ExecutionOutcome {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

export interface RunningExecution {
  readonly done: Promise<ExecutionOutcome>;
  /** StopExecution. */
  abort(): void;
}

interface StateDef {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Branches?: Array<{ States: Record<string, StateDef> }>;
  ItemProcessor?: { States: Record<string, StateDef> };
  Iterator?: { States: Record<string, StateDef> };
}

/** The error a Distributed Map fails with once more of its child executions fail than it tolerates. */
export const MAP_RUN_FAILED = 'States.ExceedToleratedFailureThreshold';

/**
 * A Distributed Map runs each item as a child execution, and a child's failure reaches the Map as
 * a Map Run failure, not as the child's own error: with no failure tolerated, the Map fails with
 * States.ExceedToleratedFailureThreshold (the child's error stays in its own execution's history).
 * The interpreter runs the item processor inline and would pass the child's error up; so each
 * Distributed Map's item processor is wrapped here in a one-branch Parallel whose Catch fails the
 * item with the Map Run's error (its cause text is approximate).
 */
function distributedMapFailures(states: Record<string, StateDef>): void {
  for (const s of Object.values(states)) {
    for (const b of s.Branches ?? []) distributedMapFailures(b.States);
    const processor = s.ItemProcessor as (StateDef['ItemProcessor'] & Record<string, unknown>) | undefined;
    if (!processor) continue;
    distributedMapFailures(processor.States);
    const config = processor.ProcessorConfig as { Mode?: string } | undefined;
    const tolerated = s as { ToleratedFailurePercentage?: number; ToleratedFailureCount?: number };
    if (config?.Mode !== 'DISTRIBUTED' || tolerated.ToleratedFailurePercentage || tolerated.ToleratedFailureCount)
      continue;
    const { ProcessorConfig, ...child } = processor;
    s.ItemProcessor = {
      ProcessorConfig,
      StartAt: 'ChildExecution',
      States: {
        ChildExecution: {
          Type: 'Parallel',
          Branches: [child],
          OutputPath: '$[0]',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'MapRunFailed' }],
          End: true,
        },
        MapRunFailed: {
          Type: 'Fail',
          Error: MAP_RUN_FAILED,
          Cause: 'The specified tolerated failure threshold was exceeded',
        },
      },
    } as unknown as StateDef['ItemProcessor'];
  }
}

/** An error as Step Functions reports a Lambda function's error to the state machine. */
export class TaskError extends Error {
  constructor(errorType: string, cause: string) {
    super(cause);
    this.name = errorType;
  }
}

export class RunStateMachine {
  /** Task state name → the ARN its Resource names. */
  readonly tasks = new Map<string, string>();
  /** Every invocation by state name, in order, with its input. */
  readonly invocations: Array<{ state: string; input: Json }> = [];

  constructor(
    readonly definition: { StartAt: string; States: Record<string, StateDef>; TimeoutSeconds?: number },
    private readonly fn: (arn: string) => LocalFunction,
  ) {
    const walk = (states: Record<string, StateDef>) => {
      for (const [name, s] of Object.entries(states)) {
        if (s.Type === 'Task' && s.Resource) {
          this.tasks.set(name, s.Resource);
          if (s.TimeoutSeconds === undefined) s.TimeoutSeconds = this.fn(s.Resource).spec.timeoutSeconds;
        }
        for (const b of s.Branches ?? []) walk(b.States);
        if (s.ItemProcessor) walk(s.ItemProcessor.States);
        if (s.Iterator) walk(s.Iterator.States);
      }
    };
    walk(definition.States);
    distributedMapFailures(definition.States);
  }

  /** Run one execution (the input StartExecution was given). */
  start(input: unknown, interceptors: Readonly<Record<string, Interceptor>> = {}): RunningExecution {
    const sm = new StateMachine(this.definition, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [state, arn] of this.tasks) {
      const invoke = async (payload: Json): Promise<Json> => {
        this.invocations.push({ state, input: payload });
        const got = await this.fn(arn).invoke(payload);
        if (got.error) throw new TaskError(got.error.errorType, JSON.stringify(got.error));
        if (Buffer.byteLength(got.payload ?? 'null') > STATE_PAYLOAD_LIMIT)
          throw new TaskError('States.DataLimitExceeded', `the output of ${state} is over 256 KiB`);
        return JSON.parse(got.payload ?? 'null') as Json;
      };
      const intercept = interceptors[state];
      let attempt = 0;
      handlers[state] = intercept ? (x) => intercept(x, invoke, ++attempt) : invoke;
    }
    const execution = sm.run(input, {
      overrides: { taskResourceLocalHandlers: handlers },
      noThrowOnAbort: true,
    });
    let aborted = false;
    const done = execution.result.then(
      (output): ExecutionOutcome => (aborted ? { status: 'ABORTED' } : { status: 'SUCCEEDED', output }),
      (e: unknown): ExecutionOutcome => {
        const err = e as { name?: string; message?: string; cause?: { name?: string; message?: string } };
        return {
          status: 'FAILED',
          error: err.cause?.name ?? err.name ?? 'Error',
          cause: err.cause?.message ?? err.message ?? String(e),
        };
      },
    );
    return {
      done,
      abort: () => {
        aborted = true;
        execution.abort();
      },
    };
  }
}
