/**
 * SharesimApi: the stateless stack. An HTTP API with IAM auth on every route but health,
 * stage throttling and access logs; one function per handler in the route table.
 */
import * as path from 'node:path';
import {
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { HANDLER_NAMES, type HandlerName, ROUTES } from '../lambda/api/routes';
import { SharesimFunction } from './constructs/sharesim-function';

export interface ApiStackProps extends StackProps {
  readonly stage: string;
  readonly table: dynamodb.ITable;
  readonly throttle?: { rateLimit: number; burstLimit: number };
  /** Use a JWT authorizer (e.g. Cognito) instead of IAM: context `jwtIssuer` and `jwtAudience`. */
  readonly jwt?: { readonly issuer: string; readonly audience: string[] };
  /** Monte Carlo chunks running at once (context `maxConcurrency`, default 50). */
  readonly maxConcurrency?: number;
  /** Where alarms notify (optional): an SNS topic ARN from context `alarmTopicArn`. */
  readonly alarmTopicArn?: string;
}

const HANDLERS_DIR = path.join(__dirname, '..', 'lambda', 'api', 'handlers');

/** What each handler needs: memory (simulation is CPU-bound; CPU scales with memory) and data access. */
const NEEDS: Record<
  HandlerName,
  { memory: number; table?: 'read' | 'readWrite'; cursors?: boolean; startsRuns?: boolean }
> = {
  health: { memory: 256 },
  presets: { memory: 256 },
  openapi: { memory: 512 },
  simulate: { memory: 1769 },
  scenarios: { memory: 1024, table: 'readWrite', cursors: true },
  runs: { memory: 1769, table: 'readWrite', cursors: true, startsRuns: true },
  reports: { memory: 1769, table: 'read' },
  plans: { memory: 1769, table: 'readWrite', startsRuns: true },
  // the register (about 1 MB of JSON) is bundled into this function and any that select from it
  register: { memory: 512 },
};

function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Record<HandlerName, SharesimFunction>;
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `sharesim-${props.stage}`,
      description: 'sharesim: what public bodies save by sharing IT and citizen contact',
      createDefaultStage: false,
      // IAM (SigV4) by default; a JWT issuer (Cognito user pool) when the context names one. The
      // owner is then the token's `sub` (lambda/api/identity.ts reads either).
      defaultAuthorizer: props.jwt
        ? new HttpJwtAuthorizer('Jwt', props.jwt.issuer, { jwtAudience: props.jwt.audience })
        : new HttpIamAuthorizer(),
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.stage === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            caller: '$context.identity.caller',
            userArn: '$context.identity.userArn',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            error: '$context.error.message',
          }),
        ),
      },
    });

    // Pagination cursors are signed with a generated key (lambda/api/cursor.ts).
    const cursorKey = new secretsmanager.Secret(this, 'CursorKey', {
      description: 'sharesim: HMAC key of pagination cursors',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(cursorKey).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The key only signs pagination cursors; rotating it merely invalidates cursors in flight, and it protects no data. Rotate by redeploying if ever needed.',
    });

    // The run worker: executes one run (Step Functions task), or marks it failed from the Catch.
    const worker = new SharesimFunction(this, 'RunWorkerFn', {
      stage: props.stage,
      entry: path.join(__dirname, '..', 'lambda', 'jobs', 'worker.ts'),
      description: 'sharesim run worker',
      memorySize: 3008,
      timeout: Duration.minutes(15),
      environment: { SHARESIM_TABLE: props.table.tableName },
    });
    props.table.grantReadWriteData(worker);
    this.stateMachine = this.runStateMachine(worker, props.stage, props.maxConcurrency ?? 50);
    // An execution that times out or is stopped never reaches the Catch: its end, seen by
    // EventBridge, marks the run failed with the cause (jobs/lifecycle.ts executionEnded).
    new events.Rule(this, 'RunExecutionEndedRule', {
      description: 'sharesim: a run execution failed, timed out or was stopped: mark the run failed',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [this.stateMachine.stateMachineArn] },
      },
      targets: [new eventsTargets.LambdaFunction(worker, { retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });

    const fns = {} as Record<HandlerName, SharesimFunction>;
    for (const name of HANDLER_NAMES) {
      const need = NEEDS[name];
      const fn = new SharesimFunction(this, `${pascal(name)}Fn`, {
        stage: props.stage,
        entry: path.join(HANDLERS_DIR, `${name}.ts`),
        description: `sharesim ${name}`,
        memorySize: need.memory,
        timeout: Duration.seconds(29),
        environment: {
          ...(need.table ? { SHARESIM_TABLE: props.table.tableName } : {}),
          ...(need.cursors ? { SHARESIM_CURSOR_KEY: cursorKey.secretValue.unsafeUnwrap() } : {}),
          ...(need.startsRuns ? { SHARESIM_STATE_MACHINE_ARN: this.stateMachine.stateMachineArn } : {}),
        },
      });
      if (need.table === 'readWrite') props.table.grantReadWriteData(fn);
      else if (need.table === 'read') props.table.grantReadData(fn);
      if (need.startsRuns) this.stateMachine.grantStartExecution(fn);
      fns[name] = fn;
    }
    this.functions = fns;
    this.alarms(props, [...Object.values(fns), worker]);

    for (const r of ROUTES) {
      const routes = this.api.addRoutes({
        path: r.path,
        methods: [HttpMethod[r.method]],
        integration: new HttpLambdaIntegration(`${pascal(r.handler)}${r.method}Integration`, fns[r.handler]),
        ...(r.public ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if (r.public)
        for (const route of routes)
          Validations.of(route).acknowledge({
            id: 'AwsSolutions::AwsSolutions-APIG4',
            reason: `${r.path} is a public liveness probe by design (docs/api.md): it returns only a status and version.`,
          });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL; routes are under /v1' });
  }

  /**
   * Runs too large to answer inline. Prepare marks the run running and lists its Monte Carlo
   * chunks; a Distributed Map runs them on the worker with bounded concurrency (each writes its
   * partial to the table and adds to the run's progress; the 256 KiB state payload never sees
   * a partial); Aggregate merges the partials into the result. Any error that outlasts the
   * retries reaches the Catch, which marks the run failed with that reason.
   */
  private runStateMachine(worker: SharesimFunction, stage: string, maxConcurrency: number): sfn.StateMachine {
    const invoke = (id: string, payload: Record<string, unknown>) =>
      new tasks.LambdaInvoke(this, id, {
        lambdaFunction: worker,
        payload: sfn.TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
      });
    const retryThrottling = (t: tasks.LambdaInvoke) =>
      t.addRetry({
        errors: [
          'Lambda.TooManyRequestsException',
          'Lambda.ServiceException',
          'Lambda.AWSLambdaException',
          'Lambda.SdkClientException',
          'Lambda.ClientExecutionTimeoutException',
        ],
        interval: Duration.seconds(2),
        backoffRate: 2,
        maxAttempts: 6,
        jitterStrategy: sfn.JitterType.FULL,
      });
    const ids = { owner: sfn.JsonPath.stringAt('$.owner'), runId: sfn.JsonPath.stringAt('$.runId') };
    const prepare = invoke('PrepareRun', { action: 'prepare', ...ids });
    retryThrottling(prepare);
    // Prepare is idempotent (jobs/fanout.ts): a retry after a lost answer lists the same chunks
    prepare.addRetry({
      errors: ['States.TaskFailed', 'StoreUnavailableError'],
      interval: Duration.seconds(2),
      maxAttempts: 2,
    });
    const chunk = invoke('RunChunk', {
      action: 'chunk',
      owner: sfn.JsonPath.stringAt('$.owner'),
      runId: sfn.JsonPath.stringAt('$.runId'),
      from: sfn.JsonPath.numberAt('$.from'),
      to: sfn.JsonPath.numberAt('$.to'),
    });
    retryThrottling(chunk);
    // a chunk whose store writes kept being throttled past the worker's own retries, retried with backoff
    chunk.addRetry({
      errors: ['StoreUnavailableError'],
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: 3,
      jitterStrategy: sfn.JitterType.FULL,
    });
    // and any other failure of one chunk once more before the run fails (a chunk replaces its own partial)
    chunk.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(2), maxAttempts: 1 });
    const fanOut = new sfn.DistributedMap(this, 'MonteCarloChunks', {
      itemsPath: '$.chunks',
      maxConcurrency,
      toleratedFailurePercentage: 0,
      resultPath: sfn.JsonPath.DISCARD,
      label: 'chunks',
    });
    fanOut.itemProcessor(chunk);
    const aggregate = invoke('AggregateRun', { action: 'aggregate', ...ids });
    retryThrottling(aggregate);
    aggregate.addRetry({
      errors: ['StoreUnavailableError'],
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: 3,
    });
    const markFailed = invoke('MarkRunFailed', { action: 'fail', ...ids, failure: sfn.JsonPath.objectAt('$.error') });
    markFailed.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 4 });
    const failed = markFailed.next(
      new sfn.Fail(this, 'RunFailed', {
        error: 'RunFailed',
        cause: 'the run failed; it is marked failed with the reason',
      }),
    );
    const body = new sfn.Parallel(this, 'Run', { resultPath: sfn.JsonPath.DISCARD })
      .branch(prepare.next(fanOut).next(aggregate))
      .addCatch(failed, { resultPath: '$.error' });
    const logGroup = new logs.LogGroup(this, 'RunStateMachineLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: stage === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    const sm = new sfn.StateMachine(this, 'RunStateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(body.next(new sfn.Succeed(this, 'RunSucceeded'))),
      timeout: Duration.hours(4),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    const workerLogicalId = this.resolve(this.getLogicalId(worker.node.defaultChild as CfnElement)) as string;
    Validations.of(sm).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${workerLogicalId}.Arn>:*]`,
      reason: 'LambdaInvoke grants the run worker by ARN and ARN:* (its versions and aliases): one function, no other.',
    });
    Validations.of(sm).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:*LogDelivery*, DescribeResourcePolicies) and X-Ray tracing support no resource-level permissions.',
    });
    // The Distributed Map starts and reads its own child executions: ARNs under this state machine only.
    const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
    const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
    const smLogicalId = this.resolve(this.getLogicalId(sm.node.defaultChild as CfnElement)) as string;
    const executions = `arn:<AWS::Partition>:states:${region}:${account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${smLogicalId}"}]}]}`;
    for (const suffix of [':*', '/chunks:*'])
      Validations.of(sm).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${executions}${suffix}]`,
        reason:
          "The Distributed Map manages its own child executions (DescribeExecution, StopExecution on this state machine's executions only).",
      });
    return sm;
  }

  /** Alarms on what a planner would notice: API 5xx, Lambda throttles, failed run executions. */
  private alarms(props: ApiStackProps, fns: SharesimFunction[]): void {
    const topic = props.alarmTopicArn ? sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) : undefined;
    // any occurrence in five minutes alarms: each of these is worth a look
    const alarm = (id: string, metric: cloudwatch.IMetric, alarmDescription: string) => {
      const a = new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription,
      });
      if (topic) a.addAlarmAction(new cwActions.SnsAction(topic));
    };
    const every5min = { period: Duration.minutes(5), statistic: 'Sum' };
    alarm(
      'Api5xxAlarm',
      this.api.metricServerError(every5min),
      'sharesim answered 5xx: a 500 is a bug (see the request id in the logs); 503 means the store kept throttling',
    );
    for (const fn of fns)
      alarm(`${fn.node.id}ThrottleAlarm`, fn.metricThrottles(every5min), `${fn.node.id} was throttled`);
    alarm(
      'RunsFailedAlarm',
      this.stateMachine.metricFailed(every5min),
      'a run execution failed (the run is marked failed with the reason)',
    );
  }
}
