/**
 * The run state machine and what watches it: Prepare marks the run running and lists its Monte
 * Carlo chunks; a Distributed Map runs them on the worker with bounded concurrency (each writes
 * its partial to the run's partition and adds to the run's progress; the 256 KiB state payload
 * never sees a partial); Aggregate merges the partials into the result. Any error that outlasts
 * the retries reaches the Catch, which marks the run failed with that reason; an execution
 * that times out or is stopped never reaches the Catch, so an EventBridge rule on this state
 * machine's FAILED, TIMED_OUT and ABORTED executions sends them to the worker, which marks the
 * run failed with the cause (lambda/jobs/lifecycle.ts).
 */
import { type CfnElement, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { SharesimFunction } from './sharesim-function';

export interface RunStateMachineProps {
  readonly worker: SharesimFunction;
  readonly stage: string;
  /** Monte Carlo chunks running at once (context `maxConcurrency`). */
  readonly maxConcurrency: number;
}

/** Lambda's own transient failures: retried with backoff on every step. */
export const LAMBDA_TRANSIENT = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
];

export class RunStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly executionEndedRule: events.Rule;

  constructor(scope: Construct, id: string, props: RunStateMachineProps) {
    super(scope, id);
    const { worker } = props;
    const invoke = (stepId: string, payload: Record<string, unknown>) =>
      new tasks.LambdaInvoke(this, stepId, {
        lambdaFunction: worker,
        payload: sfn.TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
      });
    const retryThrottling = (t: tasks.LambdaInvoke) =>
      t.addRetry({
        errors: LAMBDA_TRANSIENT,
        interval: Duration.seconds(2),
        backoffRate: 2,
        maxAttempts: 6,
        jitterStrategy: sfn.JitterType.FULL,
      });
    const storeBusy = (t: tasks.LambdaInvoke) =>
      t.addRetry({
        errors: ['StoreUnavailableError'],
        interval: Duration.seconds(5),
        backoffRate: 2,
        maxAttempts: 3,
        jitterStrategy: sfn.JitterType.FULL,
      });
    const ids = { owner: sfn.JsonPath.stringAt('$.owner'), runId: sfn.JsonPath.stringAt('$.runId') };
    const prepare = invoke('PrepareRun', { action: 'prepare', ...ids });
    retryThrottling(prepare);
    storeBusy(prepare);
    // Prepare is idempotent (jobs/fanout.ts): a retry after a lost answer lists the same chunks
    prepare.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(2), maxAttempts: 2 });
    const chunk = invoke('RunChunk', {
      action: 'chunk',
      owner: sfn.JsonPath.stringAt('$.owner'),
      runId: sfn.JsonPath.stringAt('$.runId'),
      from: sfn.JsonPath.numberAt('$.from'),
      to: sfn.JsonPath.numberAt('$.to'),
    });
    retryThrottling(chunk);
    // a chunk whose store writes kept being throttled past the worker's own retries, with backoff
    storeBusy(chunk);
    // and any other failure of one chunk once more before the run fails (a chunk replaces its own partial)
    chunk.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(2), maxAttempts: 1 });
    const fanOut = new sfn.DistributedMap(this, 'MonteCarloChunks', {
      itemsPath: '$.chunks',
      maxConcurrency: props.maxConcurrency,
      toleratedFailurePercentage: 0,
      resultPath: sfn.JsonPath.DISCARD,
      label: 'chunks',
    });
    fanOut.itemProcessor(chunk);
    const aggregate = invoke('AggregateRun', { action: 'aggregate', ...ids });
    retryThrottling(aggregate);
    storeBusy(aggregate);
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
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.stage === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    const sm = new sfn.StateMachine(this, 'RunStateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(body.next(new sfn.Succeed(this, 'RunSucceeded'))),
      timeout: Duration.hours(4),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.stateMachine = sm;
    this.acknowledge(sm, worker);

    this.executionEndedRule = new events.Rule(this, 'ExecutionEndedRule', {
      description: 'sharesim: a run execution failed, timed out or was stopped: mark the run failed',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [sm.stateMachineArn] },
      },
      targets: [new eventsTargets.LambdaFunction(worker, { retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
  }

  private acknowledge(sm: sfn.StateMachine, worker: SharesimFunction): void {
    const stack = Stack.of(this);
    const workerLogicalId = stack.resolve(stack.getLogicalId(worker.node.defaultChild as CfnElement)) as string;
    Validations.of(sm).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${workerLogicalId}.Arn>:*]`,
      reason: 'LambdaInvoke grants the run worker by ARN and ARN:* (its versions and aliases): one function, no other.',
    });
    Validations.of(sm).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:*LogDelivery*, DescribeResourcePolicies) and X-Ray tracing support no ' +
        'resource-level permissions.',
    });
    // The Distributed Map starts and reads its own child executions: ARNs under this state machine only.
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const smLogicalId = stack.resolve(stack.getLogicalId(sm.node.defaultChild as CfnElement)) as string;
    const stateMachineName = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${smLogicalId}"}]}]}`;
    const executions = `arn:<AWS::Partition>:states:${region}:${account}:execution:${stateMachineName}`;
    for (const suffix of [':*', '/chunks:*'])
      Validations.of(sm).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${executions}${suffix}]`,
        reason:
          'The Distributed Map manages its own child executions (DescribeExecution, StopExecution on this state ' +
          "machine's executions only).",
      });
  }
}
