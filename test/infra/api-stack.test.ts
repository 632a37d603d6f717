import { App, Validations } from 'aws-cdk-lib';
import fs from 'node:fs';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../lib/app';
import { ROUTES } from '../../lambda/api/routes';

// Bundling switched off for speed: one test below bundles for real.
let template: Template;
let app: App;
beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'dev' } });
  const built = buildApp(app);
  template = Template.fromStack(built.api);
});

type Res = { Type: string; Properties: Record<string, unknown> };

describe('SharesimApi template', () => {
  it('has one route per entry of the route table', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', ROUTES.length);
    for (const r of ROUTES) template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${r.method} ${r.path}` });
  });

  it('puts the IAM authorizer on every route but health', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Res[];
    for (const r of routes) {
      const key = r.Properties.RouteKey as string;
      if (key === 'GET /v1/health') expect(r.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      else expect(r.Properties.AuthorizationType).toBe('AWS_IAM');
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
    expect(fns.length).toBeGreaterThanOrEqual(4);
    for (const f of fns) {
      expect(f.Properties.Architectures).toEqual(['arm64']);
      expect(f.Properties.Runtime).toBe('nodejs24.x');
      expect(f.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect((f.Properties.Environment as { Variables: Record<string, string> }).Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(f.Properties.LoggingConfig).toBeDefined();
    }
  });

  it('grants no wildcard actions and no managed policies', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Res[];
    for (const p of policies) {
      const doc = p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] };
      for (const st of doc.Statement) {
        const actions = ([] as string[]).concat(st.Action);
        for (const a of actions) expect(a).not.toMatch(/(^\*$|:\*$)/);
        if (st.Resource === '*') expect(actions.every((a) => a.startsWith('xray:'))).toBe(true);
      }
    }
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as Res[];
    for (const r of roles) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('synthesizes with cdk-nag AwsSolutions on: no violation, every acknowledgement with a reason', () => {
    const assembly = app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: unknown[]; suppressedViolations: { ruleName: string; reason: string; violatingConstructs: { constructPath: string }[] }[] }[];
    };
    const nag = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(nag?.conclusion).toBe('success');
    expect(nag?.violations).toEqual([]);
    for (const s of nag?.suppressedViolations ?? []) expect(s.reason.length).toBeGreaterThan(30);
    const acknowledged = nag?.suppressedViolations ?? [];
    expect(new Set(acknowledged.map((v) => v.ruleName))).toEqual(new Set(['AwsSolutions-APIG4', 'AwsSolutions-IAM5[Resource::*]']));
    const unauthorized = acknowledged.filter((v) => v.ruleName === 'AwsSolutions-APIG4').flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
    expect(unauthorized).toEqual(['SharesimApi/HttpApi/GET--v1--health/Resource']);
  });
});

describe('cdk-nag catches a violation (the check is live)', () => {
  it('fails synth on an unauthorized route without acknowledgement', () => {
    const { Stack } = jest.requireActual<typeof import('aws-cdk-lib')>('aws-cdk-lib');
    const { HttpApi, HttpMethod } = jest.requireActual<typeof import('aws-cdk-lib/aws-apigatewayv2')>('aws-cdk-lib/aws-apigatewayv2');
    const { HttpUrlIntegration } = jest.requireActual<typeof import('aws-cdk-lib/aws-apigatewayv2-integrations')>('aws-cdk-lib/aws-apigatewayv2-integrations');
    const a = new App();
    const s = new Stack(a, 'Bad');
    new HttpApi(s, 'Api').addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpUrlIntegration('u', 'https://example.com') });
    Validations.of(a).addPlugins(new AwsSolutionsChecks(a));
    expect(() => a.synth()).toThrow();
  });
});

describe('real bundling', () => {
  it('bundles a handler with the local esbuild, AWS SDK external', () => {
    const real = new App({ context: { stage: 'dev', 'aws:cdk:bundling-stacks': ['SharesimApi'] } });
    const built = buildApp(real);
    const t = Template.fromStack(built.api);
    const fns = Object.values(t.findResources('AWS::Lambda::Function')) as Res[];
    expect((fns[0]!.Properties.Code as { S3Key: string }).S3Key).toMatch(/\.zip$/);
  }, 60_000);
});
