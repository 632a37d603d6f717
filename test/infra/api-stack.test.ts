import { App, type CfnResource, Validations } from 'aws-cdk-lib';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import aslValidator from 'asl-validator';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../lib/app';
import type { Construct } from 'constructs';
import { ROUTES } from '../../lambda/api/routes';
import { savingGameTable } from '../../lambda/engine/allocation/coalitions';
import { leastCoreFromTable } from '../../lambda/engine/allocation/nucleolus';
import { compile } from '../../lambda/engine/model';
import type { SimulationResult } from '../../lambda/engine/result';
import { scenarioSchema } from '../../lambda/engine/schema';
import { apiEvent } from '../api/events';
import { example } from '../helpers';

// Bundling switched off for speed: one test below bundles for real.
let template: Template;
let data: Template;
let app: App;
let built: ReturnType<typeof buildApp>;
beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'dev' } });
  built = buildApp(app);
  template = Template.fromStack(built.api);
  data = Template.fromStack(built.data);
});

type Res = { Type: string; Properties: Record<string, unknown> };

describe('SharesimApi template', () => {
  it('has one route per entry of the route table', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', ROUTES.length);
    for (const r of ROUTES)
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${r.method} ${r.path}` });
  });

  it('puts the IAM authorizer on every route but health', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Res[];
    for (const r of routes) {
      const key = r.Properties.RouteKey as string;
      if (key === 'GET /v1/health' || key === 'GET /v1/report-links/{token}')
        expect(r.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      else expect(r.Properties.AuthorizationType).toBe('AWS_IAM');
    }
  });

  it('switches every non-health route to a JWT authorizer when the context names an issuer', () => {
    const jwtApp = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        stage: 'dev',
        jwtIssuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_example',
        jwtAudience: 'client-a,client-b',
      },
    });
    const t = Template.fromStack(buildApp(jwtApp).api);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Audience: ['client-a', 'client-b'],
        Issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_example',
      },
    });
    for (const r of Object.values(t.findResources('AWS::ApiGatewayV2::Route')) as Res[]) {
      if (r.Properties.RouteKey === 'GET /v1/health' || r.Properties.RouteKey === 'GET /v1/report-links/{token}')
        expect(r.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      else expect(r.Properties.AuthorizationType).toBe('JWT');
    }
  });

  it('throttles the stage and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('runs every function on arm64, Node.js 24, traced, with source maps and its own log group', () => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function')) as Res[];
    expect(fns.length).toBe(Object.keys(built.api.functions).length + 1); // the handlers and the run worker
    for (const f of fns) {
      expect(f.Properties.Architectures).toEqual(['arm64']);
      expect(f.Properties.Runtime).toBe('nodejs24.x');
      expect(f.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect((f.Properties.Environment as { Variables: Record<string, string> }).Variables.NODE_OPTIONS).toBe(
        '--enable-source-maps',
      );
      expect(f.Properties.LoggingConfig).toBeDefined();
    }
  });

  it('grants no wildcard actions, Resource * only where AWS allows nothing narrower, and no managed policies', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Res[];
    for (const p of policies) {
      const doc = p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] };
      for (const st of doc.Statement) {
        const actions = ([] as string[]).concat(st.Action);
        for (const a of actions) expect(a).not.toMatch(/(^\*$|:\*$)/);
        if (st.Resource === '*')
          expect(
            actions.every(
              (a) =>
                a.startsWith('xray:') ||
                /^logs:(\w*LogDeliver\w*|DescribeResourcePolicies|PutResourcePolicy|DescribeLogGroups)$/.test(a),
            ),
          ).toBe(true);
      }
    }
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as Res[];
    for (const r of roles) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('synthesizes with cdk-nag AwsSolutions on: no violation, every acknowledgement with a reason', () => {
    const assembly = app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        pluginName: string;
        conclusion: string;
        violations: unknown[];
        suppressedViolations: { ruleName: string; reason: string; violatingConstructs: { constructPath: string }[] }[];
      }[];
    };
    const nag = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(nag?.conclusion).toBe('success');
    expect(nag?.violations).toEqual([]);
    for (const s of nag?.suppressedViolations ?? []) expect(s.reason.length).toBeGreaterThan(30);
    const acknowledged = nag?.suppressedViolations ?? [];
    const workerFn = built.api.node.findChild('RunWorkerFn').node.defaultChild as never;
    const workerArn = `AwsSolutions-IAM5[Resource::<${built.api.resolve(built.api.getLogicalId(workerFn))}.Arn>:*]`;
    const names = acknowledged.map((v) => v.ruleName);
    // the Distributed Map's own child executions, under this state machine only
    const childExecutions = names.filter(
      (n) => n.startsWith('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:') && n.includes(':execution:'),
    );
    expect(childExecutions).toHaveLength(2);
    const transferPrefixes = names.filter((n) =>
      /^AwsSolutions-IAM5\[Resource::<Transfers\w+\.Arn>\/(downloads|uploads)\/\*\]$/.test(n),
    );
    expect(new Set(transferPrefixes).size).toBe(2);
    expect(new Set(names.filter((n) => !childExecutions.includes(n) && !transferPrefixes.includes(n)))).toEqual(
      new Set([
        'AwsSolutions-APIG4',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-SMG4',
        'AwsSolutions-S1',
        workerArn,
      ]),
    );
    const unauthorized = acknowledged
      .filter((v) => v.ruleName === 'AwsSolutions-APIG4')
      .flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
    expect(unauthorized.sort()).toEqual([
      'SharesimApi/HttpApi/GET--v1--health/Resource',
      'SharesimApi/HttpApi/GET--v1--report-links--{token}/Resource',
    ]);
  });
});

/** The state machine's definition with every CloudFormation token replaced by a placeholder ARN. */
/** The fields of an ASL state these tests read (the JSON has more). */
interface State {
  Type: string;
  Branches: { States: Record<string, State> }[];
  Catch: { Next: string }[];
  ItemProcessor: { ProcessorConfig: { Mode: string }; States: Record<string, State> };
  MaxConcurrency: number;
  ItemsPath: string;
  Retry: { ErrorEquals: string[]; BackoffRate: number }[];
}
function definition(): { States: Record<string, State> } {
  const sm = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as Res;
  const join = (sm.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = join
    .map((p) => (typeof p === 'string' ? p : 'arn:aws:lambda:eu-west-2:123456789012:function:sharesim-worker'))
    .join('');
  return JSON.parse(text) as { States: Record<string, State> };
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
/** Every policy statement attached to the role of a function (by its construct id). */
function statementsOf(t: Template, roleId: string): Statement[] {
  const policies = Object.values(t.findResources('AWS::IAM::Policy')) as Res[];
  return policies
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actionsOf = (sts: Statement[]) => sts.flatMap((st) => ([] as string[]).concat(st.Action));

describe('least privilege, function by function', () => {
  it('the stateless handlers touch no table and start no run', () => {
    for (const fn of ['HealthFnRole', 'PresetsFnRole', 'OpenapiFnRole', 'SimulateFnRole']) {
      const actions = actionsOf(statementsOf(template, fn));
      expect(actions.filter((a) => a.startsWith('dynamodb:') || a.startsWith('states:'))).toEqual([]);
    }
  });

  it(
    'scenarios reads and writes the table but starts no run; ' +
      'runs also starts executions; the worker only the table',
    () => {
      const scen = actionsOf(statementsOf(template, 'ScenariosFnRole'));
      expect(scen).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem']),
      );
      expect(scen.filter((a) => a.startsWith('states:'))).toEqual([]);
      const runs = actionsOf(statementsOf(template, 'RunsFnRole'));
      expect(runs).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'states:StartExecution']));
      const worker = actionsOf(statementsOf(template, 'RunWorkerFnRole'));
      expect(worker).toEqual(expect.arrayContaining(['dynamodb:UpdateItem']));
      expect(worker.filter((a) => a.startsWith('states:'))).toEqual([]);
    },
  );

  it('workspaces reads and writes the table and reads the signing key, and starts nothing', () => {
    const ws = actionsOf(statementsOf(template, 'WorkspacesFnRole'));
    expect(ws).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchGetItem']),
    );
    expect(ws).toContain('secretsmanager:GetSecretValue');
    expect(ws.filter((a) => a.startsWith('states:') || a.startsWith('s3:'))).toEqual([]);
  });

  it('no statement grants Action * and table access names only the table (and its indexes)', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Res[];
    for (const p of policies)
      for (const st of (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
        const actions = ([] as string[]).concat(st.Action);
        expect(actions).not.toContain('*');
        if (actions.some((a) => a.startsWith('dynamodb:'))) {
          for (const r of ([] as unknown[]).concat(st.Resource)) {
            const text = JSON.stringify(r);
            expect(text).toMatch(/ImportValue|GetAtt/); // the table's own ARN, imported from SharesimData
            expect(text.replace(/\/index\/\*/g, '')).not.toContain('*'); // no wildcard beyond its own indexes
          }
        }
      }
  });
});

describe('SharesimData template', () => {
  it('the table is on-demand, with point-in-time recovery, encryption and a TTL attribute', () => {
    data.resourceCountIs('AWS::DynamoDB::Table', 1);
    const tables = Object.values(data.findResources('AWS::DynamoDB::Table')) as Res[];
    for (const t of tables) {
      expect(t.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(t.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(t.Properties.SSESpecification).toEqual({ SSEEnabled: true });
      expect(t.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    }
  });

  it('is destroyable in dev, and retained with deletion protection outside dev', () => {
    data.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    const prod = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'prod' } }));
    const t = Template.fromStack(prod.data);
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });
});

describe('secrets and limits', () => {
  it('no function has a secret in its environment; the signing functions read the key at run time', () => {
    const fns = Object.entries(template.findResources('AWS::Lambda::Function')) as [string, Res][];
    const secretRef = JSON.stringify(template.findResources('AWS::SecretsManager::Secret'));
    for (const [, f] of fns) {
      const env = JSON.stringify((f.Properties.Environment as { Variables: unknown }).Variables);
      expect(env).not.toMatch(/resolve:secretsmanager|SecretString|SHARESIM_CURSOR_KEY/);
    }
    expect(secretRef).toContain('GenerateSecretString');
    for (const role of ['ScenariosFnRole', 'RunsFnRole', 'ReportsFnRole']) {
      const sts = statementsOf(template, role).filter((st) =>
        actionsOf([st]).includes('secretsmanager:GetSecretValue'),
      );
      expect(sts).toHaveLength(1);
      expect(JSON.stringify(sts[0]!.Resource)).toContain('SigningKey');
    }
    for (const role of ['SimulateFnRole', 'PlansFnRole', 'RunWorkerFnRole'])
      expect(actionsOf(statementsOf(template, role)).filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
  });

  it('throttles the routes that compute or start work more strictly than the stage', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as Res & {
      DependsOn?: string[];
    };
    const settings = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number }>;
    const stageRate = (stage.Properties.DefaultRouteSettings as { ThrottlingRateLimit: number }).ThrottlingRateLimit;
    for (const key of ['POST /v1/simulate', 'POST /v1/partnerships/plan', 'POST /v1/scenarios/{id}/runs'])
      expect(settings[key]!.ThrottlingRateLimit).toBeLessThan(stageRate);
    // created after the routes it names (CloudFormation refuses settings for a route not yet there)
    expect(stage.DependsOn?.length).toBeGreaterThanOrEqual(3);
  });

  it('reserves concurrency for the functions that compute, and none when the context says not to', () => {
    const reserved = (t: Template) =>
      Object.fromEntries(
        (Object.entries(t.findResources('AWS::Lambda::Function')) as [string, Res][])
          .filter(([, f]) => f.Properties.ReservedConcurrentExecutions !== undefined)
          .map(([id, f]) => [id.replace(/[0-9A-F]{8}$/, ''), f.Properties.ReservedConcurrentExecutions]),
      );
    expect(reserved(template)).toEqual({ SimulateFn: 20, PlansFn: 10, RunWorkerFn: 60 });
    const off = new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'dev', reservedConcurrency: 'false' } });
    expect(reserved(Template.fromStack(buildApp(off).api))).toEqual({});
  });
});

describe('the run state machine and alarms', () => {
  it('retries Lambda throttling with backoff, catches failures to mark the run failed, logs and traces', () => {
    const sms = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as Res[];
    expect(sms).toHaveLength(1);
    const props = sms[0]!.Properties;
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
    expect((props.LoggingConfiguration as { Level: string }).Level).toBe('ALL');
    const definitionText = JSON.stringify(props.DefinitionString);
    expect(definitionText).toContain('Lambda.TooManyRequestsException');
    expect(definitionText).toContain('BackoffRate');
    expect(definitionText).toContain('MarkRunFailed');
    expect(definitionText).toContain('States.ALL');
  });

  it('fans Monte Carlo chunks out through a Distributed Map with bounded concurrency and throttling retries', () => {
    const def = definition();
    const map = def.States.Run.Branches[0].States.MonteCarloChunks;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    expect(map.MaxConcurrency).toBe(50);
    expect(map.ItemsPath).toBe('$.chunks');
    const chunk = map.ItemProcessor.States.RunChunk;
    expect(chunk.Retry[0].ErrorEquals).toEqual(expect.arrayContaining(['Lambda.TooManyRequestsException']));
    expect(chunk.Retry[0].BackoffRate).toBe(2);
    expect(def.States.Run.Catch[0].Next).toBe('MarkRunFailed');
  });

  it('retries a throttled chunk with backoff, and any failed chunk once, before the run fails', () => {
    const chunk = definition().States.Run.Branches[0].States.MonteCarloChunks.ItemProcessor.States.RunChunk;
    const store = chunk.Retry.find((r) => r.ErrorEquals.includes('StoreUnavailableError'));
    expect(store?.BackoffRate).toBe(2);
    const last = chunk.Retry[chunk.Retry.length - 1]! as { ErrorEquals: string[]; MaxAttempts?: number };
    expect(last.ErrorEquals).toEqual(['States.TaskFailed']);
    expect(last.MaxAttempts).toBe(1);
    // Prepare is retried too (it is idempotent: jobs/fanout.ts)
    const prepare = definition().States.Run.Branches[0].States.PrepareRun;
    expect(prepare.Retry.some((r) => r.ErrorEquals.includes('States.TaskFailed'))).toBe(true);
  });

  it("an EventBridge rule sends this state machine's failed, timed-out and stopped executions to the worker", () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as Res[];
    const rule = rules.find((r) => JSON.stringify(r.Properties.EventPattern).includes('Execution Status Change'));
    expect(rule).toBeDefined();
    const pattern = rule!.Properties.EventPattern as { source: string[]; detail: Record<string, unknown> };
    expect(pattern.source).toEqual(['aws.states']);
    expect(pattern.detail.status).toEqual(['FAILED', 'TIMED_OUT', 'ABORTED']);
    expect(JSON.stringify(pattern.detail.stateMachineArn)).toContain('RunStateMachine');
    expect(JSON.stringify(rule!.Properties.Targets)).toContain('RunWorkerFn');
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'events.amazonaws.com',
      FunctionName: Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('RunWorkerFn'), 'Arn'] }),
    });
  });

  it('validates against the Amazon States Language (asl-validator)', () => {
    const { isValid, errorsText } = aslValidator(definition());
    expect(errorsText()).toBe('');
    expect(isValid).toBe(true);
  });

  it('alarms on API 5xx, on every function being throttled, and on failed runs', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Res[];
    expect(alarms.some((a) => a.Properties.MetricName === '5xx')).toBe(true);
    expect(alarms.filter((a) => a.Properties.MetricName === 'Throttles')).toHaveLength(
      Object.keys(built.api.functions).length + 1,
    );
    expect(alarms.some((a) => a.Properties.MetricName === 'ExecutionsFailed')).toBe(true);
  });
});

describe('cdk-nag catches a violation (the check is live)', () => {
  it('fails synth on an unauthorized route without acknowledgement', () => {
    const { Stack } = jest.requireActual<typeof import('aws-cdk-lib')>('aws-cdk-lib');
    const { HttpApi, HttpMethod } =
      jest.requireActual<typeof import('aws-cdk-lib/aws-apigatewayv2')>('aws-cdk-lib/aws-apigatewayv2');
    const { HttpUrlIntegration } = jest.requireActual<typeof import('aws-cdk-lib/aws-apigatewayv2-integrations')>(
      'aws-cdk-lib/aws-apigatewayv2-integrations',
    );
    const a = new App();
    const s = new Stack(a, 'Bad');
    new HttpApi(s, 'Api').addRoutes({
      path: '/x',
      methods: [HttpMethod.GET],
      integration: new HttpUrlIntegration('u', 'https://example.com'),
    });
    Validations.of(a).addPlugins(new AwsSolutionsChecks(a));
    expect(() => a.synth()).toThrow();
  });
});

describe('real bundling', () => {
  const outdir = path.join(__dirname, '..', '..', 'cdk.out', 'jest-real-bundling');
  let real: App;
  let bundled: ReturnType<typeof buildApp>;
  beforeAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
    real = new App({
      outdir,
      context: { stage: 'dev', 'aws:cdk:bundling-stacks': ['SharesimApi'], 'aws:cdk:enable-asset-metadata': true },
    });
    bundled = buildApp(real);
    real.synth();
  }, 180_000);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  /** The directory CDK bundled a function into (its asset, as `cdk deploy` would upload it). */
  function assetDir(fn: Construct): string {
    const cfn = fn.node.defaultChild as CfnResource;
    const asset = cfn.getMetadata('aws:asset:path') as string;
    return path.join(outdir, asset);
  }

  it('bundles a handler with the local esbuild, AWS SDK external', () => {
    const t = Template.fromStack(bundled.api);
    const fns = Object.values(t.findResources('AWS::Lambda::Function')) as Res[];
    expect((fns[0]!.Properties.Code as { S3Key: string }).S3Key).toMatch(/\.zip$/);
  });

  it("puts HiGHS's WebAssembly beside every function's index.js", () => {
    for (const fn of Object.values(bundled.api.functions)) {
      const dir = assetDir(fn);
      expect(fs.existsSync(path.join(dir, 'index.js'))).toBe(true);
      expect(fs.statSync(path.join(dir, 'highs.wasm')).size).toBeGreaterThan(100_000);
    }
  });

  it('the bundled simulate handler, required in a fresh Node, loads HiGHS and answers with a core split', () => {
    // a school 2,000 km from the hub: every coalition it joins pays its link, so Shapley gives it
    // less than alone and the split is not in the core, whatever the cost model's figures
    const input = example('gwent-psn') as { authorities: object[] } & Record<string, unknown>;
    const scenario = {
      ...input,
      uncertainty: { iterations: 0, seed: 1 },
      authorities: [
        ...input.authorities,
        { id: 'remote-school', kind: 'school', staff: 25, profile: { linkKm: 2000 } },
      ],
    };
    const dir = assetDir(bundled.api.functions.simulate);
    const out = path.join(outdir, 'simulate-answer.json');
    const event = apiEvent('POST', '/v1/simulate', { body: JSON.stringify(scenario) });
    // a child process, as Lambda runs it: the bundle alone, nothing of this test's module registry
    execFileSync(
      process.execPath,
      [
        '-e',
        `require(process.argv[1]).handler(JSON.parse(process.argv[2]), {}).then(
           (r) => require('node:fs').writeFileSync(process.argv[3], JSON.stringify(r)),
           (e) => { console.error(e); process.exit(1); })`,
        path.join(dir, 'index.js'),
        JSON.stringify(event),
        out,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } },
    );
    const res = JSON.parse(fs.readFileSync(out, 'utf8')) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);
    const r = JSON.parse(res.body) as SimulationResult;
    expect(r.allocation.method).toBe('shapley');
    expect(r.stability.inCore).toBe(false);
    const alt = r.stability.coreAllocation;
    expect(alt).not.toBeNull();
    // the split the bundle's HiGHS found is the least core of the game computed here from source
    const s = scenarioSchema.parse(scenario);
    const model = compile(s);
    const n = model.authorities.length;
    const table = savingGameTable(model);
    const shares = alt!.authorities.map((a) => a.saving);
    const tol = 1e-6 * Math.abs(r.summary.npvSaving);
    expect(Math.abs(shares.reduce((x, y) => x + y, 0) - r.summary.npvSaving)).toBeLessThan(tol);
    let least = Infinity;
    for (let m = 1; m < (1 << n) - 1; m++) {
      let x = 0;
      for (let i = 0; i < n; i++) if (m & (1 << i)) x += shares[i]!;
      least = Math.min(least, x - table[m]!);
    }
    const lc = leastCoreFromTable(n, table);
    expect(Math.abs(least - lc.margin)).toBeLessThan(tol);
    expect(Math.abs(r.stability.core!.margin - lc.margin)).toBeLessThan(tol);
    expect(alt!.inCore).toBe(lc.margin >= -tol);
  }, 60_000);
});
