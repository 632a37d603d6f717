/**
 * SharesimApi: the stateless stack. An HTTP API with IAM auth on every route but health,
 * stage and per-route throttling and access logs; one function per handler in the route table;
 * the run state machine (constructs/run-state-machine.ts) and the alarms (constructs/alarms.ts).
 */
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  type IHttpRoute,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { HANDLER_NAMES, type HandlerName, ROUTES, routeKey } from '../lambda/api/routes';
import { Alarms } from './constructs/alarms';
import { applyRouteThrottles } from './constructs/route-throttles';
import { RunStateMachine } from './constructs/run-state-machine';
import { SharesimFunction } from './constructs/sharesim-function';
import { TransferBucket } from './constructs/transfer-bucket';

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
  /**
   * Reserve concurrency for the functions that can starve the others (context
   * `reservedConcurrency`, default true): see RESERVED and the README's deploy section.
   */
  readonly reservedConcurrency?: boolean;
}

const HANDLERS_DIR = path.join(__dirname, '..', 'lambda', 'api', 'handlers');

/** What each handler needs: memory (simulation is CPU-bound; CPU scales with memory) and data access. */
const NEEDS: Record<
  HandlerName,
  { memory: number; table?: 'read' | 'readWrite'; signs?: boolean; startsRuns?: boolean; transfers?: boolean }
> = {
  health: { memory: 256 },
  presets: { memory: 256 },
  openapi: { memory: 512 },
  simulate: { memory: 1769, transfers: true },
  scenarios: { memory: 1024, table: 'readWrite', signs: true, transfers: true },
  runs: { memory: 1769, table: 'readWrite', signs: true, startsRuns: true, transfers: true },
  reports: { memory: 1769, table: 'read', signs: true, transfers: true },
  plans: { memory: 1769, table: 'readWrite', startsRuns: true, transfers: true },
  // the register (about 1 MB of JSON) is bundled into this function and any that select from it
  register: { memory: 512 },
  // workspaces and their members (issue 17): small reads and writes, cursors signed
  workspaces: { memory: 512, table: 'readWrite', signs: true },
};

/**
 * Concurrency reserved for (and capping) the functions that compute for seconds at a time: a
 * burst of simulations or inline plans cannot take every execution the account has and leave
 * reads and health throttled. The run worker's cap follows `maxConcurrency` (its chunks) plus
 * room for Prepare, Aggregate and the lifecycle events.
 */
export const RESERVED: Partial<Record<HandlerName, number>> = { simulate: 20, plans: 10 };
export const WORKER_RESERVE_EXTRA = 10;

function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Record<HandlerName, SharesimFunction>;
  readonly stateMachine: sfn.StateMachine;
  readonly worker: SharesimFunction;
  readonly signingKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const reserve = props.reservedConcurrency ?? true;
    const maxConcurrency = props.maxConcurrency ?? 50;
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

    // Cursors (and signed links) are signed with a generated key, read at run time from Secrets
    // Manager by the functions that sign (lambda/api/signingKeys.ts): never in their environment.
    this.signingKey = new secretsmanager.Secret(this, 'SigningKey', {
      description: 'sharesim: HMAC key of pagination cursors and signed links',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.signingKey).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotated by hand (README, deploy: put-secret-value); cursors and links signed with the previous key keep ' +
        'working, so no rotation Lambda is needed for a key that protects no data.',
    });

    // The run worker: executes a run's steps (Step Functions tasks), marks runs failed from the
    // Catch and from the EventBridge rule on ended executions.
    this.worker = new SharesimFunction(this, 'RunWorkerFn', {
      stage: props.stage,
      entry: path.join(__dirname, '..', 'lambda', 'jobs', 'worker.ts'),
      description: 'sharesim run worker',
      memorySize: 3008,
      timeout: Duration.minutes(15),
      environment: { SHARESIM_TABLE: props.table.tableName },
      ...(reserve ? { reservedConcurrentExecutions: maxConcurrency + WORKER_RESERVE_EXTRA } : {}),
    });
    props.table.grantReadWriteData(this.worker);
    const runs = new RunStateMachine(this, 'Runs', { worker: this.worker, stage: props.stage, maxConcurrency });
    this.stateMachine = runs.stateMachine;

    // Answers larger than Lambda may return, and scenarios larger than it may receive, by signed URL.
    const transfers = new TransferBucket(this, 'Transfers', { stage: props.stage });

    const fns = {} as Record<HandlerName, SharesimFunction>;
    for (const name of HANDLER_NAMES) {
      const need = NEEDS[name];
      const reserved = reserve ? RESERVED[name] : undefined;
      const fn = new SharesimFunction(this, `${pascal(name)}Fn`, {
        stage: props.stage,
        entry: path.join(HANDLERS_DIR, `${name}.ts`),
        description: `sharesim ${name}`,
        memorySize: need.memory,
        timeout: Duration.seconds(29),
        environment: {
          ...(need.table ? { SHARESIM_TABLE: props.table.tableName } : {}),
          ...(need.signs ? { SHARESIM_SIGNING_SECRET_ARN: this.signingKey.secretArn } : {}),
          ...(need.startsRuns ? { SHARESIM_STATE_MACHINE_ARN: this.stateMachine.stateMachineArn } : {}),
          ...(need.transfers ? { SHARESIM_TRANSFER_BUCKET: transfers.bucket.bucketName } : {}),
        },
        ...(reserved !== undefined ? { reservedConcurrentExecutions: reserved } : {}),
      });
      if (need.table === 'readWrite') props.table.grantReadWriteData(fn);
      else if (need.table === 'read') props.table.grantReadData(fn);
      if (need.signs) this.signingKey.grantRead(fn);
      if (need.startsRuns) this.stateMachine.grantStartExecution(fn);
      if (need.transfers) transfers.grantTransfers(fn);
      fns[name] = fn;
    }
    this.functions = fns;
    new Alarms(this, 'Alarms', {
      api: this.api,
      functions: [...Object.values(fns), this.worker],
      stateMachine: this.stateMachine,
      ...(props.alarmTopicArn ? { alarmTopicArn: props.alarmTopicArn } : {}),
    });

    const routes = new Map<string, IHttpRoute>();
    for (const r of ROUTES) {
      const added = this.api.addRoutes({
        path: r.path,
        methods: [HttpMethod[r.method]],
        integration: new HttpLambdaIntegration(`${pascal(r.handler)}${r.method}Integration`, fns[r.handler]),
        ...(r.public ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      for (const route of added) {
        routes.set(routeKey(r), route);
        if (r.public)
          Validations.of(route).acknowledge({
            id: 'AwsSolutions::AwsSolutions-APIG4',
            reason:
              r.handler === 'health'
                ? `${r.path} is a public liveness probe by design (docs/api.md): it returns only a status and version.`
                : `${r.path} is public by design (docs/api.md): the HMAC-signed, expiring token in its path is the ` +
                  `permission.`,
          });
      }
    }

    const stage = new HttpStage(this, 'DefaultStage', {
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
    applyRouteThrottles(stage, routes);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL; routes are under /v1' });
  }
}
