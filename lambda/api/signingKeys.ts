/**
 * The HMAC keys that sign what the API hands out and takes back (pagination cursors, signed
 * links): read at run time, never put in the environment in plain text.
 *
 * - Deployed: the Secrets Manager secret named by SHARESIM_SIGNING_SECRET_ARN, its AWSCURRENT
 *   version signs and both AWSCURRENT and AWSPREVIOUS verify, so a rotation does not break the
 *   cursors and links in flight; after a second rotation the oldest are refused cleanly (a 400,
 *   not a 500). Kept in the module for CACHE_MS, so a warm function asks Secrets Manager at most
 *   once every five minutes and picks a rotated key up within that time.
 * - Locally and in tests: SHARESIM_CURSOR_KEY (the local server makes one per data directory).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface SigningKeys {
  /** Signs. */
  readonly current: string;
  /** Also verifies (the key before the last rotation), when there is one. */
  readonly previous?: string;
}

export const CACHE_MS = 5 * 60_000;
const MIN_KEY_CHARS = 16;

let cached: { keys: SigningKeys; until: number } | undefined;
let client: SecretsManagerClient | undefined;

/** Forget the cached keys (tests; a rotation seen by a failed verification is not reason enough). */
export function clearSigningKeys(): void {
  cached = undefined;
}

/** The client used to read the secret (tests give a mocked one). */
export function setSecretsClient(c: SecretsManagerClient | undefined): void {
  client = c;
  cached = undefined;
}

async function stage(arn: string, VersionStage: string): Promise<string | undefined> {
  client ??= new SecretsManagerClient({});
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage }));
    return out.SecretString;
  } catch (e) {
    // a secret never rotated has no AWSPREVIOUS
    if (VersionStage === 'AWSPREVIOUS' && e instanceof Error && e.name === 'ResourceNotFoundException')
      return undefined;
    throw e;
  }
}

export async function signingKeys(now = Date.now()): Promise<SigningKeys> {
  if (cached && cached.until > now) return cached.keys;
  const arn = process.env.SHARESIM_SIGNING_SECRET_ARN;
  let keys: SigningKeys;
  if (arn) {
    const [current, previous] = await Promise.all([stage(arn, 'AWSCURRENT'), stage(arn, 'AWSPREVIOUS')]);
    if (!current || current.length < MIN_KEY_CHARS) throw new Error('the signing secret is empty or too short');
    keys = { current, ...(previous && previous.length >= MIN_KEY_CHARS ? { previous } : {}) };
  } else {
    const k = process.env.SHARESIM_CURSOR_KEY;
    if (!k || k.length < MIN_KEY_CHARS)
      throw new Error('SHARESIM_SIGNING_SECRET_ARN or SHARESIM_CURSOR_KEY (16+ characters) must be set');
    keys = { current: k };
    // the environment's key is read each time (tests change it); nothing to cache
    return keys;
  }
  cached = { keys, until: now + CACHE_MS };
  return keys;
}

/** Every key that may verify, current first. */
export function verifyingKeys(k: SigningKeys): string[] {
  return k.previous ? [k.current, k.previous] : [k.current];
}
