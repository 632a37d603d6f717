/**
 * SharesimApi: the stateless stack. An HTTP API with IAM auth on every route but health,
 * stage throttling and access logs; one function per handler in the route table.
 */
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HANDLER_NAMES, HandlerName, ROUTES } from '../lambda/api/routes';
import { SharesimFunction } from './constructs/sharesim-function';

export interface ApiStackProps extends StackProps {
  readonly stage: string;
  readonly throttle?: { rateLimit: number; burstLimit: number };
}

const HANDLERS_DIR = path.join(__dirname, '..', 'lambda', 'api', 'handlers');

/** Memory by handler: simulation is CPU-bound and Lambda's CPU scales with memory. */
const MEMORY: Partial<Record<HandlerName, number>> = { simulate: 1769 };

function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Record<HandlerName, SharesimFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `sharesim-${props.stage}`,
      description: 'sharesim: what public bodies save by sharing IT and citizen contact',
      createDefaultStage: false,
      defaultAuthorizer: new HttpIamAuthorizer(),
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

    const fns = {} as Record<HandlerName, SharesimFunction>;
    for (const name of HANDLER_NAMES) {
      fns[name] = new SharesimFunction(this, `${pascal(name)}Fn`, {
        stage: props.stage,
        entry: path.join(HANDLERS_DIR, `${name}.ts`),
        description: `sharesim ${name}`,
        memorySize: MEMORY[name] ?? 512,
        timeout: Duration.seconds(29),
      });
    }
    this.functions = fns;

    for (const r of ROUTES) {
      const routes = this.api.addRoutes({
        path: r.path,
        methods: [HttpMethod[r.method]],
        integration: new HttpLambdaIntegration(`${pascal(r.handler)}${r.method}Integration`, fns[r.handler]),
        ...(r.public ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if (r.public)
        for (const route of routes)
          Validations.of(route).acknowledge({ id: 'AwsSolutions::AwsSolutions-APIG4', reason: `${r.path} is a public liveness probe by design (API.md): it returns only a status and version.` });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL; routes are under /v1' });
  }
}
