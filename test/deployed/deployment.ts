/**
 * The deployed app, locally: the synthesized bundles and state machine, wired as the templates
 * wire them, against the embedded store `npm start` uses and the AWS stub (awsStub.ts).
 *
 * - DynamoDB: the embedded dynalite of `npm start` (lambda/local/embeddedStore.ts), its table
 *   created from the data stack's template (keys, billing, name).
 * - Functions: every AWS::Lambda::Function of the API stack, its code from the assets manifest,
 *   its environment from the template (lambdas.ts).
 * - HTTP API: each AWS::ApiGatewayV2::Route's key and authorization, and the function its
 *   integration targets (gateway.ts).
 * - Step Functions: the state machine's DefinitionString with every Lambda ARN resolved, run by
 *   aws-local-stepfunctions, each Task invoking the function its Resource names (stepFunctions.ts).
 * - EventBridge: each AWS::Events::Rule's pattern, matched against an event, and its targets invoked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { type EmbeddedStore, startEmbeddedStore } from '../../lambda/local/embeddedStore';
import {
  type Assembly,
  codeDirectory,
  REGION,
  ACCOUNT,
  Resolver,
  resourcesOf,
  type Stack,
  synthesizeOnce,
} from './assembly';
import { type AwsStub, type StartedExecution, startAwsStub } from './awsStub';
import { Gateway } from './gateway';
import { type Invocation, LocalFunction, runtimeModules } from './lambdas';
import { RunStateMachine } from './stepFunctions';

export const REPO_ROOT = path.join(__dirname, '..', '..');

export interface DeploymentOptions {
  /** Containers a function may run at once (Lambda scales out; this machine has two cores). */
  readonly maxContainers?: number;
}

interface RuleSpec {
  readonly logicalId: string;
  readonly pattern: Record<string, unknown>;
  readonly targets: string[];
}

export class Deployment {
  readonly functions = new Map<string, LocalFunction>();
  readonly gateway: Gateway;
  readonly stateMachine: RunStateMachine;
  readonly rules: RuleSpec[];
  readonly tableName: string;
  readonly secretArn: string;
  readonly stateMachineArn: string;

  private constructor(
    readonly tmp: string,
    readonly assembly: Assembly,
    readonly resolver: Resolver,
    readonly store: EmbeddedStore,
    readonly aws: AwsStub,
    readonly api: Stack,
    readonly data: Stack,
    opts: DeploymentOptions,
  ) {
    const nodePath = runtimeModules(path.join(tmp, 'runtime-modules'), REPO_ROOT);
    const platformEnv: Record<string, string> = {
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      // what the Lambda service puts in a function's environment: temporary credentials of its role
      AWS_ACCESS_KEY_ID: 'ASIALOCALDEPLOYEDTEST',
      AWS_SECRET_ACCESS_KEY: 'local-deployed-test-secret-key',
      AWS_SESSION_TOKEN: 'local-deployed-test-session-token',
      // never a developer's own configuration or credentials
      AWS_CONFIG_FILE: path.join(tmp, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      // the SDK's own endpoint variables: the bundles' clients are built as deployed ({} or the table's)
      AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
      AWS_ENDPOINT_URL_S3: aws.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
      AWS_ENDPOINT_URL_SFN: aws.endpoint,
      NODE_PATH: nodePath,
    };
    for (const [id, r] of resourcesOf(api, 'AWS::Lambda::Function')) {
      const p = r.Properties ?? {};
      // CDK's own helpers (inline code) are not the app's functions
      if (typeof (p.Code as { S3Key?: unknown } | undefined)?.S3Key !== 'string') continue;
      const env = (resolver.resolve(api, (p.Environment as { Variables?: unknown } | undefined)?.Variables ?? {}) ??
        {}) as Record<string, string>;
      const fn = new LocalFunction(
        {
          logicalId: id,
          arn: resolver.getAtt(api, id, 'Arn'),
          codeDir: codeDirectory(assembly, api, id),
          handler: String(p.Handler),
          memoryMb: Number(p.MemorySize ?? 128),
          timeoutSeconds: Number(p.Timeout ?? 3),
          environment: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
        },
        platformEnv,
        opts.maxContainers ?? 2,
      );
      this.functions.set(fn.spec.arn, fn);
    }
    this.gateway = new Gateway(api, resolver, (arn) => this.fn(arn));
    const [smId, sm] = onlyOne(resourcesOf(api, 'AWS::StepFunctions::StateMachine'), 'state machine');
    this.stateMachineArn = resolver.ref(api, smId);
    this.stateMachine = new RunStateMachine(
      JSON.parse(String(resolver.resolve(api, sm.Properties?.DefinitionString))),
      (arn) => this.fn(arn),
    );
    const grants = resourcesOf(api, 'AWS::Lambda::Permission').map(
      ([, r]) => resolver.resolve(api, r.Properties) as Record<string, string>,
    );
    this.rules = resourcesOf(api, 'AWS::Events::Rule').map(([id, r]) => {
      const ruleArn = resolver.getAtt(api, id, 'Arn');
      const targets = ((r.Properties?.Targets ?? []) as Array<{ Arn: unknown }>).map((t) =>
        String(resolver.resolve(api, t.Arn)),
      );
      // EventBridge may invoke a target function only with a permission naming the rule
      for (const t of targets)
        if (
          !grants.some((g) => g.Principal === 'events.amazonaws.com' && g.FunctionName === t && g.SourceArn === ruleArn)
        )
          throw new Error(`rule ${id} targets ${t}, which grants EventBridge no permission to invoke it`);
      return {
        logicalId: id,
        pattern: resolver.resolve(api, r.Properties?.EventPattern) as Record<string, unknown>,
        targets,
      };
    });
    const [secretId] = onlyOne(resourcesOf(api, 'AWS::SecretsManager::Secret'), 'secret');
    this.secretArn = resolver.ref(api, secretId);
    const [tableId] = onlyOne(resourcesOf(data, 'AWS::DynamoDB::Table'), 'table');
    this.tableName = resolver.ref(data, tableId);
  }

  /** Synthesize the app, start the store and the stub, create the table: ready for requests. */
  static async start(opts: DeploymentOptions = {}): Promise<Deployment> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-deployed-'));
    const assembly = await synthesizeOnce(REPO_ROOT);
    const api = stackNamed(assembly, 'SharesimApi');
    const data = stackNamed(assembly, 'SharesimData');
    const resolver = new Resolver(assembly.stacks);
    const [secretId] = onlyOne(resourcesOf(api, 'AWS::SecretsManager::Secret'), 'secret');
    const store = await startEmbeddedStore(path.join(tmp, 'data'));
    const aws = await startAwsStub({ secretArn: resolver.ref(api, secretId) });
    const d = new Deployment(tmp, assembly, resolver, store, aws, api, data, opts);
    await d.createTables();
    return d;
  }

  /** The function a Lambda ARN names (an integration's URI, a Task's Resource, a rule's target). */
  fn(arn: string): LocalFunction {
    const bare = arn.replace(/:(\$LATEST|\d+)$/, '');
    const f = this.functions.get(bare);
    if (!f) throw new Error(`no function ${arn} in the template`);
    return f;
  }

  /** The function a logical id prefix names (`RunsFn`, `RunWorkerFn`). */
  fnByLogicalId(prefix: string): LocalFunction {
    const hits = [...this.functions.values()].filter((f) => f.spec.logicalId.startsWith(prefix));
    return onlyOne(
      hits.map((h) => [h.spec.logicalId, h] as [string, LocalFunction]),
      `function ${prefix}`,
    )[1];
  }

  /** The executions the API started, newest last. */
  get executions(): readonly StartedExecution[] {
    return this.aws.executions;
  }

  execution(runId: string): StartedExecution {
    const e = this.aws.executions.find((x) => x.name === runId);
    if (!e) throw new Error(`no execution started for run ${runId}`);
    return e;
  }

  /**
   * What EventBridge does with a "Step Functions Execution Status Change": every rule whose
   * pattern matches invokes its targets with the event (asynchronously, deployed; awaited here).
   */
  async statusChange(
    execution: StartedExecution,
    status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED',
    error?: { error?: string; cause?: string },
  ): Promise<{ matched: string[]; invocations: Invocation[] }> {
    const stopDate = Date.now();
    const event = {
      version: '0',
      id: `evt-${stopDate.toString(36)}`,
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: ACCOUNT,
      time: new Date(stopDate).toISOString().replace(/\.\d+Z$/, 'Z'),
      region: REGION,
      resources: [execution.executionArn],
      detail: {
        executionArn: execution.executionArn,
        stateMachineArn: execution.stateMachineArn,
        name: execution.name,
        status,
        startDate: Math.round(execution.startDate * 1000),
        stopDate,
        input: execution.input,
        output: null,
        inputDetails: { included: true },
        outputDetails: null,
        error: error?.error ?? null,
        cause: error?.cause ?? null,
      },
    };
    const matched: string[] = [];
    const invocations: Invocation[] = [];
    for (const rule of this.rules) {
      if (!matches(rule.pattern, event)) continue;
      matched.push(rule.logicalId);
      for (const t of rule.targets) invocations.push(await this.fn(t).invoke(event));
    }
    return { matched, invocations };
  }

  /** Every container's last log lines (for a failure's message). */
  logs(): string {
    return [...this.functions.values()].map((f) => f.logs()).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all([...this.functions.values()].map((f) => f.close()));
    await this.aws.close();
    await this.store.close();
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  private async createTables(): Promise<void> {
    const client = new DynamoDBClient({
      endpoint: this.store.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      for (const [id, r] of resourcesOf(this.data, 'AWS::DynamoDB::Table')) {
        const p = this.resolver.resolve(this.data, r.Properties) as Record<string, unknown>;
        const input: CreateTableCommandInput = {
          TableName: this.resolver.ref(this.data, id),
          KeySchema: p.KeySchema as CreateTableCommandInput['KeySchema'],
          AttributeDefinitions: p.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
          BillingMode: (p.BillingMode as CreateTableCommandInput['BillingMode']) ?? 'PROVISIONED',
          ...(p.BillingMode === 'PAY_PER_REQUEST'
            ? {}
            : { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }),
        };
        await client.send(new CreateTableCommand(input));
        for (let wait = 10; ; wait = Math.min(500, wait * 2)) {
          const t = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
          if (t.Table?.TableStatus === 'ACTIVE') break;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    } finally {
      client.destroy();
    }
  }
}

function stackNamed(assembly: Assembly, id: string): Stack {
  const s = assembly.stacks[id];
  if (!s) throw new Error(`the assembly has no stack ${id}: ${Object.keys(assembly.stacks).join(', ')}`);
  return s;
}

function onlyOne<T>(xs: Array<[string, T]>, what: string): [string, T] {
  if (xs.length !== 1) throw new Error(`expected one ${what} in the template, found ${xs.length}`);
  return xs[0]!;
}

/** EventBridge pattern matching, as far as templates here use it: literal lists and nested objects. */
export function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    const values = Array.isArray(value) ? value : [value];
    return pattern.some((p) => values.some((v) => p === v));
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object') return false;
    const v = value as Record<string, unknown>;
    return Object.entries(pattern as Record<string, unknown>).every(([k, p]) => matches(p, v[k]));
  }
  return pattern === value;
}
