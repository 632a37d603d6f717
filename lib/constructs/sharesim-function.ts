/**
 * Our defaults for every Lambda, in one construct: arm64, the latest Node.js runtime, X-Ray
 * tracing, source maps, an explicit log group, AWS SDK v3 left external, bundled by the
 * locally installed esbuild (never Docker), with HiGHS's WebAssembly copied beside the bundle.
 * Its role may only write to its own log group;
 * every other permission is granted explicitly by the stack.
 */
import path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The LP solver's WebAssembly, shipped beside every bundle (lambda/engine/allocation/solver.ts). */
const HIGHS_WASM = path.join(path.dirname(require.resolve('highs')), 'highs.wasm');

export interface SharesimFunctionProps
  extends Pick<
    NodejsFunctionProps,
    'entry' | 'environment' | 'memorySize' | 'timeout' | 'description' | 'reservedConcurrentExecutions'
  > {
  readonly stage: string;
  readonly logRetention?: logs.RetentionDays;
}

export class SharesimFunction extends NodejsFunction {
  readonly logGroupRef: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SharesimFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.stage === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `sharesim ${id}: writes only to its own log group`,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      timeout: props.timeout ?? Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'sharesim',
        SHARESIM_STAGE: props.stage,
        ...props.environment,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node20',
        format: OutputFormat.CJS,
        externalModules: ['@aws-sdk/*'],
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
        // HiGHS (the LP solver) reads highs.wasm from beside the code that loads it: the bundle
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) => [
            `cp "${HIGHS_WASM}" "${path.join(output, 'highs.wasm')}"`,
          ],
        },
      },
    });
    this.logGroupRef = logGroup;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions ' +
        '(the only wildcard this role has).',
    });
  }
}
