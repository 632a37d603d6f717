/**
 * The AWS services the bundles call besides DynamoDB, as a small HTTP server on loopback that
 * speaks their wire protocols, so the bundles' own SDK clients reach it unchanged through the
 * SDK's endpoint variables (AWS_ENDPOINT_URL_S3, _SECRETS_MANAGER, _SFN):
 *
 * - S3 (REST, path-style, as the SDK addresses an IP endpoint): PutObject, GetObject, by SDK
 *   request or by presigned URL. A presigned URL is refused once its X-Amz-Expires has passed.
 *   This is what makes a 303 followable as a browser or the signing client follows it: the URL
 *   the bundle presigned, fetched over HTTP with no credentials.
 * - Secrets Manager (JSON 1.1): GetSecretValue of the signing key, AWSCURRENT (and
 *   AWSPREVIOUS after a rotation, else ResourceNotFoundException as for a never-rotated secret).
 * - Step Functions (JSON 1.0): StartExecution records the execution for the test to run through
 *   the local interpreter, names idempotent as Step Functions makes them; a refusal can be armed.
 *
 * Why a server rather than aws-sdk-client-mock: the bundles run in processes of their own, as
 * Lambda runs them, and their SDK is the one they load; a mock would have to be injected into
 * them. Over HTTP nothing of the bundle changes, and presigned URLs are real URLs.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface StoredObject {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

export interface StartedExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: number;
}

export interface StubCounts {
  s3Put: number;
  s3Get: number;
  presignedGet: number;
  presignedPut: number;
  expiredRefused: number;
  secretReads: number;
  startExecution: number;
  startRefused: number;
}

export interface AwsStub {
  readonly endpoint: string;
  readonly objects: Map<string, StoredObject>;
  readonly executions: StartedExecution[];
  readonly counts: StubCounts;
  /** Added to the stub's clock (to see a presigned URL expire without waiting for it). */
  clockOffsetMs: number;
  /** The signing key's versions (AWSCURRENT, and AWSPREVIOUS once rotated). */
  secret: { current: string; previous?: string };
  /** The next StartExecution answers this error (then the stub accepts again). */
  refuseNextStart(error: { type: string; message: string; status?: number }): void;
  close(): Promise<void>;
}

/** Decode an `aws-chunked` body (a streamed upload with a trailing checksum): the data chunks only. */
function decodeAwsChunked(raw: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

function crc32Base64(b: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(b) >>> 0);
  return out.toString('base64');
}

function amzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

const xmlError = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startAwsStub(opts: { secretArn: string }): Promise<AwsStub> {
  const now = () => Date.now() + stub.clockOffsetMs;
  const objects = new Map<string, StoredObject>();
  const executions: StartedExecution[] = [];
  const counts: StubCounts = {
    s3Put: 0,
    s3Get: 0,
    presignedGet: 0,
    presignedPut: 0,
    expiredRefused: 0,
    secretReads: 0,
    startExecution: 0,
    startRefused: 0,
  };
  let refusal: { type: string; message: string; status?: number } | undefined;
  const stub: AwsStub = {
    endpoint: '',
    objects,
    executions,
    counts,
    clockOffsetMs: 0,
    // as the template's GenerateSecretString makes it: 48 characters, no punctuation
    secret: {
      current: randomBytes(36)
        .toString('base64')
        .replace(/[^A-Za-z0-9]/g, 'x')
        .slice(0, 48),
    },
    refuseNextStart: (e) => {
      refusal = e;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const json = (res: http.ServerResponse, status: number, body: unknown, type: string) => {
    res.writeHead(status, { 'content-type': type });
    res.end(JSON.stringify(body));
  };
  const awsError = (res: http.ServerResponse, status: number, type: string, message: string, ct: string) => {
    res.writeHead(status, { 'content-type': ct, 'x-amzn-errortype': type });
    res.end(JSON.stringify({ __type: type, message }));
  };

  function secretsManager(target: string, body: Record<string, unknown>, res: http.ServerResponse): void {
    const ct = 'application/x-amz-json-1.1';
    if (target !== 'GetSecretValue') {
      awsError(res, 400, 'InvalidRequestException', target, ct);
      return;
    }
    counts.secretReads++;
    const id = String(body.SecretId);
    if (id !== opts.secretArn) {
      awsError(res, 400, 'ResourceNotFoundException', `no secret ${id}`, ct);
      return;
    }
    const stage = String(body.VersionStage ?? 'AWSCURRENT');
    const value = stage === 'AWSCURRENT' ? stub.secret.current : stage === 'AWSPREVIOUS' ? stub.secret.previous : '';
    if (!value) {
      awsError(res, 400, 'ResourceNotFoundException', `Secrets Manager can't find the ${stage} version`, ct);
      return;
    }
    json(
      res,
      200,
      {
        ARN: opts.secretArn,
        Name: opts.secretArn.split(':').pop(),
        SecretString: value,
        VersionId: stage === 'AWSCURRENT' ? 'v-current' : 'v-previous',
        VersionStages: [stage],
        CreatedDate: now() / 1000,
      },
      ct,
    );
  }

  function stepFunctions(target: string, body: Record<string, unknown>, res: http.ServerResponse): void {
    const ct = 'application/x-amz-json-1.0';
    if (target !== 'StartExecution') {
      awsError(res, 400, 'InvalidArn', `unsupported ${target}`, ct);
      return;
    }
    counts.startExecution++;
    if (refusal) {
      const r = refusal;
      refusal = undefined;
      counts.startRefused++;
      awsError(res, r.status ?? 400, r.type, r.message, ct);
      return;
    }
    const stateMachineArn = String(body.stateMachineArn);
    const name = String(body.name ?? randomBytes(8).toString('hex'));
    const input = String(body.input ?? '{}');
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const same = executions.find((e) => e.executionArn === executionArn);
    // Step Functions: the same name with the same input is the same execution; other input is refused
    if (same && same.input !== input) {
      awsError(res, 400, 'ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`, ct);
      return;
    }
    if (!same) executions.push({ executionArn, stateMachineArn, name, input, startDate: now() / 1000 });
    json(res, 200, { executionArn, startDate: same?.startDate ?? now() / 1000 }, ct);
  }

  function s3(req: http.IncomingMessage, url: URL, raw: Buffer, res: http.ServerResponse): void {
    const key = decodeURIComponent(url.pathname.slice(1)); // bucket/key
    const presigned = url.searchParams.has('X-Amz-Signature');
    if (presigned) {
      const expires =
        amzDate(url.searchParams.get('X-Amz-Date') ?? '') + Number(url.searchParams.get('X-Amz-Expires')) * 1000;
      if (!(now() <= expires)) {
        counts.expiredRefused++;
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end(xmlError('AccessDenied', 'Request has expired'));
        return;
      }
    }
    if (req.method === 'PUT') {
      const chunked = /aws-chunked/.test(req.headers['content-encoding'] ?? '');
      const body = chunked ? decodeAwsChunked(raw) : raw;
      // S3 checks a checksum sent as a header (the SDK's PutObject); one in a presigned URL's query it ignores
      const crc = req.headers['x-amz-checksum-crc32'];
      if (typeof crc === 'string' && crc !== crc32Base64(body)) {
        res.writeHead(400, { 'content-type': 'application/xml' });
        res.end(xmlError('BadDigest', 'The CRC32 you specified did not match the calculated checksum.'));
        return;
      }
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'content-disposition', 'cache-control'] as const)
        if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
      const encoding = (req.headers['content-encoding'] ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x && x !== 'aws-chunked')
        .join(',');
      if (encoding) headers['content-encoding'] = encoding;
      objects.set(key, { body, headers });
      if (presigned) counts.presignedPut++;
      else counts.s3Put++;
      res.writeHead(200, { etag: `"${randomBytes(8).toString('hex')}"` });
      res.end();
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const o = objects.get(key);
      if (!o) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        res.end(xmlError('NoSuchKey', 'The specified key does not exist.'));
        return;
      }
      if (presigned) counts.presignedGet++;
      else counts.s3Get++;
      res.writeHead(200, { ...o.headers, 'content-length': String(o.body.length) });
      res.end(req.method === 'HEAD' ? undefined : o.body);
      return;
    }
    res.writeHead(405, { 'content-type': 'application/xml' });
    res.end(xmlError('MethodNotAllowed', String(req.method)));
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://stub');
      const target = String(req.headers['x-amz-target'] ?? '');
      try {
        if (target.startsWith('secretsmanager.'))
          return secretsManager(target.slice('secretsmanager.'.length), JSON.parse(raw.toString('utf8') || '{}'), res);
        if (target.startsWith('AWSStepFunctions.'))
          return stepFunctions(target.slice('AWSStepFunctions.'.length), JSON.parse(raw.toString('utf8') || '{}'), res);
        return s3(req, url, raw, res);
      } catch (e) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  (stub as { endpoint: string }).endpoint = `http://127.0.0.1:${port}`;
  const close = stub.close;
  stub.close = () => {
    server.closeAllConnections();
    return close();
  };
  return stub;
}
