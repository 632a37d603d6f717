/** The signing key read at run time from Secrets Manager: cached, rotated without breaking cursors in flight. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { decodeCursor, encodeCursor } from '../../lambda/api/cursor';
import { HttpProblem } from '../../lambda/api/problem';
import { CACHE_MS, clearSigningKeys, setSecretsClient, signingKeys } from '../../lambda/api/signingKeys';

const sm = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:sharesim-signing';
let versions: { current: string; previous?: string };

function answer() {
  sm.reset();
  sm.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSCURRENT' }).callsFake(async () => ({
    SecretString: versions.current,
  }));
  sm.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPREVIOUS' }).callsFake(async () => {
    if (!versions.previous) throw Object.assign(new Error('no such version'), { name: 'ResourceNotFoundException' });
    return { SecretString: versions.previous };
  });
}

let savedKey: string | undefined;
beforeAll(() => {
  savedKey = process.env.SHARESIM_CURSOR_KEY;
  delete process.env.SHARESIM_CURSOR_KEY;
  process.env.SHARESIM_SIGNING_SECRET_ARN = ARN;
  setSecretsClient(new SecretsManagerClient({ region: 'eu-west-2' }));
});
afterAll(() => {
  delete process.env.SHARESIM_SIGNING_SECRET_ARN;
  if (savedKey !== undefined) process.env.SHARESIM_CURSOR_KEY = savedKey;
  setSecretsClient(undefined);
});
beforeEach(() => {
  versions = { current: 'key-one-0123456789abcdef' };
  answer();
  clearSigningKeys();
});

const refused = async (p: Promise<unknown>) => {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(HttpProblem);
  expect((e as HttpProblem).status).toBe(400);
};

it('reads the key once per cache period, not per request', async () => {
  const t = Date.now();
  await signingKeys(t);
  await signingKeys(t + 1000);
  await signingKeys(t + CACHE_MS - 1);
  expect(sm.commandCalls(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })).toHaveLength(1);
  await signingKeys(t + CACHE_MS + 1);
  expect(sm.commandCalls(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })).toHaveLength(2);
});

it(
  'after one rotation a cursor signed with the previous ' + 'key still works; after two it is a 400, not a 500',
  async () => {
    const cursor = await encodeCursor('alice', 'SC#abc');
    versions = { current: 'key-two-0123456789abcdef', previous: 'key-one-0123456789abcdef' };
    clearSigningKeys();
    expect(await decodeCursor('alice', cursor, 'SC#')).toBe('SC#abc');
    const fresh = await encodeCursor('alice', 'SC#abc');
    expect(fresh).not.toBe(cursor); // signed with the new key
    versions = { current: 'key-three-0123456789abcd', previous: 'key-two-0123456789abcdef' };
    clearSigningKeys();
    await refused(decodeCursor('alice', cursor, 'SC#'));
    expect(await decodeCursor('alice', fresh, 'SC#')).toBe('SC#abc');
  },
);

it("a cursor is another owner's, edited, or of another list: 400", async () => {
  const cursor = await encodeCursor('alice', 'SC#abc');
  await refused(decodeCursor('bob', cursor, 'SC#'));
  await refused(decodeCursor('alice', `x${cursor}`, 'SC#'));
  await refused(decodeCursor('alice', cursor, 'SR#'));
});

it('a secret too short to be a key is an error, not a weak key', async () => {
  versions = { current: 'short' };
  await expect(signingKeys()).rejects.toThrow(/too short/);
});
