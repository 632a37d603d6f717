/**
 * The cloud assembly `cdk deploy` would ship, read the way CloudFormation and the CDK's asset
 * publishing read it: the app synthesized (bundling included) into a temporary directory, each
 * stack's template, each Lambda function's code found from its template `Code.S3Key` through the
 * assets manifest (what `cdk deploy` uploads under that key), and the template's intrinsic
 * functions (Ref, GetAtt, Join, Sub, ImportValue…) resolved to local stand-ins for the physical
 * names and ARNs CloudFormation would give: the same resolution for every function's environment,
 * the state machine's definition and the EventBridge rule's pattern.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../lib/app';

export const REGION = 'eu-west-2';
export const ACCOUNT = '123456789012';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

interface AssetsManifest {
  readonly files: Record<string, { source: { path: string; packaging?: string } }>;
}

interface Manifest {
  readonly artifacts: Record<
    string,
    { type: string; properties?: { templateFile?: string; stackName?: string }; displayName?: string }
  >;
}

/** A deployed stack as the test sees it: its template, and how to resolve what the template says. */
export interface Stack {
  readonly id: string;
  readonly stackName: string;
  readonly template: CfnTemplate;
  readonly assets: AssetsManifest;
}

export interface Assembly {
  readonly outdir: string;
  readonly stacks: Readonly<Record<string, Stack>>;
  /** Synthesis took this long (bundling included), ms. */
  readonly synthMs: number;
}

/**
 * Synthesize the app of bin/app.ts (lib/app.ts's buildApp, as `npx cdk synth` does) into
 * `outdir`, bundling every function with the local esbuild, and read what it wrote.
 */
export function synthesize(outdir: string): Assembly {
  const started = Date.now();
  fs.rmSync(outdir, { recursive: true, force: true });
  // env-agnostic, as `cdk synth` without credentials: the templates use AWS::Region and AWS::AccountId
  const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  try {
    const app = new App({ outdir, context: { stage: 'dev' } });
    buildApp(app);
    app.synth();
  } finally {
    if (saved.account !== undefined) process.env.CDK_DEFAULT_ACCOUNT = saved.account;
    if (saved.region !== undefined) process.env.CDK_DEFAULT_REGION = saved.region;
  }
  return readAssembly(outdir, Date.now() - started);
}

/** What synthesis reads: the app, its code and data, the lock file (so the bundled dependencies), CDK's settings. */
const SYNTH_INPUTS = ['bin', 'lib', 'lambda', 'data', 'package-lock.json', 'cdk.json', 'tsconfig.json'];
const CACHE_PREFIX = 'sharesim-deployed-synth-';
const STALE_MS = 3600_000;

function inputsHash(repoRoot: string): string {
  const h = createHash('sha256');
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    else h.update(`${path.relative(repoRoot, p)}\0`).update(fs.readFileSync(p));
  };
  for (const x of SYNTH_INPUTS) if (fs.existsSync(path.join(repoRoot, x))) walk(path.join(repoRoot, x));
  return h.digest('hex').slice(0, 16);
}

/**
 * The assembly of this checkout, synthesized once for every test file that asks (synthesis with
 * bundling takes about a minute here): kept in the system's temporary directory under a hash of
 * everything synthesis reads, written to a private directory and renamed into place when whole.
 * Test files running at once wait for the one synthesizing (a lock file). Assemblies of other
 * checkouts' states are removed once untouched for an hour (each is about 140 MB).
 */
export async function synthesizeOnce(repoRoot: string): Promise<Assembly> {
  const tmp = os.tmpdir();
  const dir = path.join(tmp, `${CACHE_PREFIX}${inputsHash(repoRoot)}`);
  for (const e of fs.readdirSync(tmp)) {
    const p = path.join(tmp, e);
    if (!e.startsWith(CACHE_PREFIX) || p === dir) continue;
    try {
      if (Date.now() - fs.statSync(p).mtimeMs > STALE_MS) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // another process removed it first
    }
  }
  const lock = `${dir}.lock`;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'manifest.json'))) {
      fs.utimesSync(dir, new Date(), new Date());
      return readAssembly(dir);
    }
    let fd: number | undefined;
    try {
      fd = fs.openSync(lock, 'wx');
      fs.writeSync(fd, String(process.pid));
    } catch {
      // another test file is synthesizing: wait for it, unless its process has gone (a killed run)
      if (!holderAlive(lock)) fs.rmSync(lock, { force: true });
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      const work = `${dir}.${process.pid}.${Date.now()}`;
      const a = synthesize(work);
      fs.renameSync(work, dir);
      return { ...readAssembly(dir), synthMs: a.synthMs };
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
}

/** Whether the process that wrote a lock file still runs (an unreadable or empty lock counts as alive a while). */
function holderAlive(lock: string): boolean {
  try {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - fs.statSync(lock).mtimeMs < 60_000;
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user; ENOENT: the lock is gone already
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readAssembly(outdir: string, synthMs = 0): Assembly {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  const stacks: Record<string, Stack> = {};
  for (const [id, a] of Object.entries(manifest.artifacts)) {
    if (a.type !== 'aws:cloudformation:stack' || !a.properties?.templateFile) continue;
    const template = JSON.parse(fs.readFileSync(path.join(outdir, a.properties.templateFile), 'utf8')) as CfnTemplate;
    const assetsFile = path.join(outdir, `${id}.assets.json`);
    const assets = fs.existsSync(assetsFile)
      ? (JSON.parse(fs.readFileSync(assetsFile, 'utf8')) as AssetsManifest)
      : { files: {} };
    stacks[id] = { id, stackName: a.properties.stackName ?? id, template, assets };
  }
  return { outdir, stacks, synthMs };
}

/** The resources of a template of one type, by logical id. */
export function resourcesOf(stack: Stack, type: string): Array<[string, CfnResource]> {
  return Object.entries(stack.template.Resources).filter(([, r]) => r.Type === type);
}

/**
 * The directory of a function's code: its `Code.S3Key` is `<hash>.zip`, and the assets manifest
 * says which directory of the assembly `cdk deploy` zips and uploads under that hash.
 */
export function codeDirectory(assembly: Assembly, stack: Stack, logicalId: string): string {
  const code = stack.template.Resources[logicalId]?.Properties?.Code as { S3Key?: unknown } | undefined;
  const key = code?.S3Key;
  if (typeof key !== 'string' || !key.endsWith('.zip')) throw new Error(`${logicalId} has no zipped code asset`);
  const asset = stack.assets.files[key.slice(0, -'.zip'.length)];
  if (asset?.source.packaging !== 'zip') throw new Error(`no zip asset for ${key} in ${stack.id}.assets.json`);
  return path.join(assembly.outdir, asset.source.path);
}

/** A stand-in physical name for a resource: what `Ref` gives, per resource type. */
function physicalRef(logicalId: string, type: string): string {
  switch (type) {
    case 'AWS::SecretsManager::Secret':
      return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${logicalId}-AbCdEf`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${logicalId}`;
    case 'AWS::S3::Bucket':
      return `local-${logicalId.toLowerCase()}`;
    default:
      return logicalId; // a table's name is set in its template; functions, roles and log groups: their id
  }
}

function arnOf(logicalId: string, r: CfnResource): string {
  const name = (r.Properties?.TableName as string | undefined) ?? logicalId;
  switch (r.Type) {
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${logicalId}`;
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${physicalRef(logicalId, r.Type)}`;
    case 'AWS::SecretsManager::Secret':
    case 'AWS::StepFunctions::StateMachine':
      return physicalRef(logicalId, r.Type);
    default:
      return `arn:aws:local:${REGION}:${ACCOUNT}:${r.Type.split('::').slice(1).join('/').toLowerCase()}/${logicalId}`;
  }
}

/** Resolve a template value's intrinsic functions, as CloudFormation would on deploy (stand-in names). */
export class Resolver {
  private readonly exports = new Map<string, unknown>();

  constructor(
    stacks: Readonly<Record<string, Stack>>,
    private readonly overrides: Readonly<Record<string, string>> = {},
  ) {
    for (const s of Object.values(stacks))
      for (const o of Object.values(s.template.Outputs ?? {}))
        if (o.Export) this.exports.set(String(this.resolve(s, o.Export.Name)), { stack: s, value: o.Value });
  }

  /** The physical name `Ref` gives for a resource of a stack. */
  ref(stack: Stack, logicalId: string): string {
    const key = `${stack.id}/${logicalId}`;
    if (this.overrides[key]) return this.overrides[key]!;
    const r = stack.template.Resources[logicalId];
    if (!r) throw new Error(`Ref to ${logicalId}, which ${stack.id} does not define`);
    if (r.Type === 'AWS::DynamoDB::Table' && typeof r.Properties?.TableName === 'string') return r.Properties.TableName;
    return physicalRef(logicalId, r.Type);
  }

  getAtt(stack: Stack, logicalId: string, attr: string): string {
    const r = stack.template.Resources[logicalId];
    if (!r) throw new Error(`GetAtt of ${logicalId}, which ${stack.id} does not define`);
    if (attr === 'Arn') return arnOf(logicalId, r);
    if (attr === 'Name') return this.ref(stack, logicalId).split(':').pop()!;
    return `${logicalId}.${attr}`;
  }

  resolve(stack: Stack, v: unknown): unknown {
    if (Array.isArray(v)) return v.map((x) => this.resolve(stack, x));
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const [k] = keys as [string];
      const arg = o[k];
      switch (k) {
        case 'Ref':
          return this.pseudo(stack, String(arg)) ?? this.ref(stack, String(arg));
        case 'Fn::GetAtt': {
          const [id, attr] = (Array.isArray(arg) ? arg : String(arg).split('.')) as [string, string];
          return this.getAtt(stack, id, attr);
        }
        case 'Fn::Join': {
          const [sep, parts] = arg as [string, unknown[]];
          return (this.resolve(stack, parts) as unknown[]).map(String).join(sep);
        }
        case 'Fn::Select': {
          const [i, list] = arg as [number, unknown];
          return (this.resolve(stack, list) as unknown[])[Number(i)];
        }
        case 'Fn::Split': {
          const [sep, s] = arg as [string, unknown];
          return String(this.resolve(stack, s)).split(sep);
        }
        case 'Fn::Sub': {
          const [text, vars] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, unknown>];
          return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
            if (name in vars) return String(this.resolve(stack, vars[name]));
            const pseudo = this.pseudo(stack, name);
            if (pseudo !== undefined) return pseudo;
            const [id, attr] = name.split('.') as [string, string | undefined];
            return attr ? this.getAtt(stack, id, attr) : this.ref(stack, id);
          });
        }
        case 'Fn::ImportValue': {
          const name = String(this.resolve(stack, arg));
          const e = this.exports.get(name) as { stack: Stack; value: unknown } | undefined;
          if (!e) throw new Error(`no stack exports ${name}`);
          return this.resolve(e.stack, e.value);
        }
      }
    }
    return Object.fromEntries(keys.map((k) => [k, this.resolve(stack, o[k])]));
  }

  private pseudo(stack: Stack, name: string): string | undefined {
    switch (name) {
      case 'AWS::Region':
        return REGION;
      case 'AWS::AccountId':
        return ACCOUNT;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stack.stackName;
      case 'AWS::NoValue':
        return undefined;
      default:
        return undefined;
    }
  }
}
