/** Each construct of the API stack on its own, in a bare stack (aws-cdk-lib/assertions). */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi, HttpMethod, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as path from 'node:path';
import { Alarms } from '../../lib/constructs/alarms';
import { applyRouteThrottles, ROUTE_THROTTLES } from '../../lib/constructs/route-throttles';
import { RunStateMachine } from '../../lib/constructs/run-state-machine';
import { SharesimFunction } from '../../lib/constructs/sharesim-function';

function bare() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Bare');
  const worker = new SharesimFunction(stack, 'Worker', {
    stage: 'dev',
    entry: path.join(__dirname, '..', '..', 'lambda', 'jobs', 'worker.ts'),
  });
  return { stack, worker };
}

describe('RunStateMachine', () => {
  it('one state machine with the bounded fan-out, and a rule on its ended executions to the worker', () => {
    const { stack, worker } = bare();
    new RunStateMachine(stack, 'Runs', { worker, stage: 'dev', maxConcurrency: 7 });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      DefinitionString: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('"MaxConcurrency":7')])]),
      }),
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        source: ['aws.states'],
        detail: Match.objectLike({ status: ['FAILED', 'TIMED_OUT', 'ABORTED'] }),
      }),
    });
  });
});

describe('Alarms', () => {
  it('an alarm on 5xx, one per function on throttles, one on failed runs, each notifying the topic', () => {
    const { stack, worker } = bare();
    const runs = new RunStateMachine(stack, 'Runs', { worker, stage: 'dev', maxConcurrency: 5 });
    const api = new HttpApi(stack, 'Api');
    new Alarms(stack, 'Alarms', {
      api,
      functions: [worker],
      stateMachine: runs.stateMachine,
      alarmTopicArn: 'arn:aws:sns:eu-west-2:123456789012:alarms',
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    for (const metric of ['5xx', 'Throttles', 'ExecutionsFailed'])
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        AlarmActions: ['arn:aws:sns:eu-west-2:123456789012:alarms'],
      });
  });
});

describe('route throttles', () => {
  it('sets a route setting per throttled route, and refuses a throttle naming no route', () => {
    const { stack, worker } = bare();
    const api = new HttpApi(stack, 'Api', { createDefaultStage: false });
    const routes = new Map();
    for (const key of Object.keys(ROUTE_THROTTLES)) {
      const [method, p] = key.split(' ') as ['POST', string];
      const [route] = api.addRoutes({
        path: p,
        methods: [HttpMethod[method]],
        integration: new HttpLambdaIntegration(`I${routes.size}`, worker),
      });
      routes.set(key, route);
    }
    const stage = new HttpStage(stack, 'Stage', { httpApi: api, stageName: '$default' });
    applyRouteThrottles(stage, routes);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: Match.objectLike({
        'POST /v1/simulate': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      }),
    });
    const other = new HttpStage(stack, 'Other', { httpApi: api, stageName: 'other' });
    expect(() => applyRouteThrottles(other, new Map())).toThrow(/not a route/);
  });
});
