import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './api-stack';
import { DataStack } from './data-stack';

/** Stage and options from CDK context (`-c stage=prod`); the account and region from the CLI's environment. */
export function buildApp(app: App): { app: App; api: ApiStack; data: DataStack } {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage))
    throw new Error(`stage must be lower-case letters, digits and '-', got ${stage}`);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const data = new DataStack(app, 'SharesimData', { stackName: `sharesim-${stage}-data`, stage, env });
  const alarmTopicArn = app.node.tryGetContext('alarmTopicArn') as string | undefined;
  const maxConcurrency = Number(app.node.tryGetContext('maxConcurrency') ?? 50);
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > 1000)
    throw new Error('context maxConcurrency must be 1 to 1000');
  const reservedConcurrency = String(app.node.tryGetContext('reservedConcurrency') ?? 'true') !== 'false';
  const jwtIssuer = app.node.tryGetContext('jwtIssuer') as string | undefined;
  const jwtAudience = String(app.node.tryGetContext('jwtAudience') ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (jwtIssuer && jwtAudience.length === 0)
    throw new Error('context jwtIssuer needs jwtAudience (the app client ids, comma-separated)');
  const api = new ApiStack(app, 'SharesimApi', {
    stackName: `sharesim-${stage}-api`,
    stage,
    env,
    table: data.table,
    maxConcurrency,
    reservedConcurrency,
    ...(alarmTopicArn ? { alarmTopicArn } : {}),
    ...(jwtIssuer ? { jwt: { issuer: jwtIssuer, audience: jwtAudience } } : {}),
  });
  Tags.of(app).add('project', 'sharesim');
  Tags.of(app).add('stage', stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, api, data };
}
