/**
 * Lambda, locally: each function of the template runs its synthesized bundle in Node processes
 * of its own ("containers"), started with the function's environment as the template sets it
 * plus what the Lambda runtime adds (region, temporary credentials, handler, task root), its
 * memory as the heap limit, and nothing of the test's process: no module shared, no variable
 * leaked. A container takes one invocation at a time, as in Lambda; concurrent invocations start
 * more containers, up to a cap (the machine has two cores). The AWS SDK is the one thing a
 * bundle takes from outside itself (`@aws-sdk/*` is external, as the Node.js runtime provides it):
 * NODE_PATH holds only that directory, so a bundle that needed anything else would fail here as
 * in Lambda.
 *
 * An invocation answers what Lambda would: the handler's result as JSON (its size measured as
 * Lambda measures it), or the error as `{ errorType, errorMessage, trace }`; one still running at
 * the function's timeout is ended there with its container (Sandbox.Timedout), as Lambda ends it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The runtime inside a container: load the bundle, answer invocations over IPC. Plain JavaScript. */
const RUNTIME = `
const path = require('node:path');
const [file, exportName] = (() => {
  const h = process.env._HANDLER;
  const dot = h.lastIndexOf('.');
  return [h.slice(0, dot), h.slice(dot + 1)];
})();
let fn;
try {
  fn = require(path.join(process.env.LAMBDA_TASK_ROOT, file))[exportName];
  if (typeof fn !== 'function') throw new Error('Runtime.HandlerNotFound: ' + process.env._HANDLER);
} catch (e) {
  process.send({ initError: { errorType: 'Runtime.ImportModuleError', errorMessage: String(e && e.message || e) } });
  process.exit(1);
}
const timeoutMs = Number(process.env.LOCAL_LAMBDA_TIMEOUT_MS);
process.on('message', async (m) => {
  const started = Date.now();
  const context = {
    awsRequestId: m.id,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    invokedFunctionArn: process.env.LOCAL_LAMBDA_ARN,
    logGroupName: '/aws/lambda/' + process.env.AWS_LAMBDA_FUNCTION_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, started + timeoutMs - Date.now()),
  };
  try {
    const r = await fn(m.event, context);
    process.send({ id: m.id, payload: r === undefined ? 'null' : JSON.stringify(r), ms: Date.now() - started });
  } catch (e) {
    process.send({ id: m.id, ms: Date.now() - started, error: {
      errorType: (e && e.name) || 'Error',
      errorMessage: String((e && e.message) || e),
      trace: String((e && e.stack) || '').split('\\n'),
    } });
  }
});
process.send({ ready: true });
`;

export interface FunctionSpec {
  readonly logicalId: string;
  readonly arn: string;
  readonly codeDir: string;
  /** `file.export`, the template's Handler. */
  readonly handler: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** The function's environment as the template sets it, resolved. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: string[];
}

export interface Invocation {
  /** The result as Lambda serialises it (JSON), when the handler returned. */
  readonly payload?: string;
  readonly error?: LambdaError;
  readonly ms: number;
}

export interface InvocationStats {
  count: number;
  errors: number;
  maxMs: number;
  /** Invocations ended at the function's timeout, as Lambda ends them. */
  timedOut: number;
  maxPayloadBytes: number;
  containers: number;
}

interface Container {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  busy: boolean;
  /** Exited, or being ended (a timeout): never given another invocation. */
  dead: boolean;
  log: string;
  pending?: { id: string; resolve: (i: Invocation) => void };
}

const LOG_TAIL = 16 * 1024;
let seq = 0;

export class LocalFunction {
  readonly stats: InvocationStats = {
    count: 0,
    errors: 0,
    maxMs: 0,
    timedOut: 0,
    maxPayloadBytes: 0,
    containers: 0,
  };
  private readonly containers: Container[] = [];
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly spec: FunctionSpec,
    /** What the Lambda service and runtime add to the template's environment (endpoints, credentials). */
    private readonly platformEnv: Readonly<Record<string, string>>,
    private readonly maxContainers = 1,
  ) {}

  /** Invoke synchronously (RequestResponse), as API Gateway and Step Functions do. */
  async invoke(event: unknown): Promise<Invocation> {
    const c = await this.container();
    const id = `inv-${++seq}`;
    try {
      const timeoutMs = this.spec.timeoutSeconds * 1000;
      let timer: NodeJS.Timeout | undefined;
      const got = await new Promise<Invocation>((resolve) => {
        c.pending = { id, resolve };
        c.child.send({ id, event });
        // Lambda ends an invocation at the function's timeout, and the runtime with it
        timer = setTimeout(() => {
          resolve({
            ms: timeoutMs,
            error: {
              errorType: 'Sandbox.Timedout',
              errorMessage: `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds`,
            },
          });
          c.dead = true;
          c.child.kill('SIGKILL');
        }, timeoutMs);
      }).finally(() => clearTimeout(timer));
      this.stats.count++;
      if (got.error) this.stats.errors++;
      this.stats.maxMs = Math.max(this.stats.maxMs, got.ms);
      if (got.error?.errorType === 'Sandbox.Timedout') this.stats.timedOut++;
      if (got.payload)
        this.stats.maxPayloadBytes = Math.max(this.stats.maxPayloadBytes, Buffer.byteLength(got.payload));
      return got;
    } finally {
      c.pending = undefined;
      c.busy = false;
      this.waiting.shift()?.();
    }
  }

  /** The last lines each container wrote (its logs), for a failure's message. */
  logs(): string {
    return this.containers.map((c, i) => `--- ${this.spec.logicalId} container ${i} ---\n${c.log}`).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(
      this.containers.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.child.exitCode !== null || c.child.signalCode !== null) return resolve();
            c.child.once('exit', () => resolve());
            c.child.kill('SIGKILL');
          }),
      ),
    );
    this.containers.length = 0;
  }

  private async container(): Promise<Container> {
    for (;;) {
      const idle = this.containers.find((c) => !c.busy && !c.dead);
      if (idle) {
        idle.busy = true;
        await idle.ready;
        return idle;
      }
      const alive = this.containers.filter((c) => !c.dead);
      if (alive.length < this.maxContainers) {
        const c = this.start();
        c.busy = true;
        await c.ready;
        return c;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private start(): Container {
    const s = this.spec;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      ...s.environment,
      ...this.platformEnv,
      AWS_LAMBDA_FUNCTION_NAME: s.logicalId,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(s.memoryMb),
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs',
      LAMBDA_TASK_ROOT: s.codeDir,
      LAMBDA_RUNTIME_DIR: s.codeDir,
      _HANDLER: s.handler,
      LOCAL_LAMBDA_ARN: s.arn,
      LOCAL_LAMBDA_TIMEOUT_MS: String(s.timeoutSeconds * 1000),
    };
    const child = spawn(process.execPath, [`--max-old-space-size=${s.memoryMb}`, '-e', RUNTIME], {
      cwd: s.codeDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.stats.containers++;
    let onReady!: () => void;
    let onInitError!: (e: Error) => void;
    const c: Container = {
      child,
      busy: false,
      dead: false,
      log: '',
      ready: new Promise<void>((resolve, reject) => {
        onReady = resolve;
        onInitError = reject;
      }),
    };
    const tail = (b: Buffer) => {
      c.log = (c.log + b.toString('utf8')).slice(-LOG_TAIL);
    };
    child.stdout!.on('data', tail);
    child.stderr!.on('data', tail);
    child.on('message', (m: { ready?: true; initError?: LambdaError } & Partial<Invocation> & { id?: string }) => {
      if (m.ready) return onReady();
      if (m.initError) return onInitError(new Error(`${m.initError.errorType}: ${m.initError.errorMessage}`));
      if (c.pending && m.id === c.pending.id)
        c.pending.resolve({
          ms: m.ms ?? 0,
          ...(m.payload !== undefined ? { payload: m.payload } : {}),
          ...(m.error ? { error: m.error } : {}),
        });
    });
    child.on('exit', (code, signal) => {
      c.dead = true;
      onInitError(new Error(`${s.logicalId} exited before it was ready (${code ?? signal}):\n${c.log}`));
      // a container that dies mid-invocation: what Lambda reports for a crashed runtime
      c.pending?.resolve({
        ms: 0,
        error: { errorType: 'Runtime.ExitError', errorMessage: `exited with ${code ?? signal}` },
      });
    });
    this.containers.push(c);
    return c;
  }
}

/**
 * The directory NODE_PATH names in every container: only `@aws-sdk`, linked to this checkout's
 * copy (the Node.js runtime's own SDK, deployed). Links resolve to their real paths, so the
 * SDK's own dependencies resolve from there.
 */
export function runtimeModules(dir: string, repoRoot: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const link = path.join(dir, '@aws-sdk');
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(repoRoot, 'node_modules', '@aws-sdk'), link, 'dir');
  return dir;
}
