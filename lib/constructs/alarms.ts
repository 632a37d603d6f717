/**
 * Alarms on what a planner would notice: API 5xx, any function throttled, failed run
 * executions. Each is a standard-resolution CloudWatch alarm (about $0.10 a month each, idle or
 * not): one per function (eleven), the API's 5xx and failed runs make thirteen, about $1.30 a
 * month.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  readonly api: HttpApi;
  readonly functions: readonly lambda.Function[];
  readonly stateMachine: sfn.StateMachine;
  /** Where alarms notify (optional): an SNS topic ARN. */
  readonly alarmTopicArn?: string;
}

export class Alarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const topic = props.alarmTopicArn ? sns.Topic.fromTopicArn(this, 'Topic', props.alarmTopicArn) : undefined;
    // any occurrence in five minutes alarms: each of these is worth a look
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, alarmDescription: string) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription,
      });
      if (topic) a.addAlarmAction(new cwActions.SnsAction(topic));
      this.alarms.push(a);
    };
    const every5min = { period: Duration.minutes(5), statistic: 'Sum' };
    alarm(
      'Api5xx',
      props.api.metricServerError(every5min),
      'sharesim answered 5xx: a 500 is a bug (see the request id in the logs); 503 means the store kept throttling',
    );
    for (const fn of props.functions)
      alarm(`${fn.node.id}Throttle`, fn.metricThrottles(every5min), `${fn.node.id} was throttled`);
    alarm(
      'RunsFailed',
      props.stateMachine.metricFailed(every5min),
      'a run execution failed (the run is marked failed with the reason)',
    );
  }
}
