/**
 * Opaque, tamper-evident pagination cursors: the sort key to continue after, bound to its
 * owner by an HMAC (api/signingKeys.ts: read at run time; after a key rotation, cursors signed
 * with the previous key still verify, older ones are a 400). A cursor edited, forged, signed
 * with a retired key, or taken from another owner is a 400.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { problems } from './problem';
import { signingKeys, verifyingKeys } from './signingKeys';

function mac(key: string, owner: string, payload: string): Buffer {
  return createHmac('sha256', key).update(`cursor\n${owner}\n${payload}`).digest().subarray(0, 18);
}

export async function encodeCursor(owner: string, sk: string): Promise<string> {
  const payload = Buffer.from(JSON.stringify({ sk }), 'utf8').toString('base64url');
  return `${payload}.${mac((await signingKeys()).current, owner, payload).toString('base64url')}`;
}

export async function decodeCursor(owner: string, cursor: string, expectPrefix: string): Promise<string> {
  const bad = () =>
    problems.validation(
      [
        {
          path: '/query/cursor',
          message: 'is not a cursor this API issued to you (or its key has since been rotated): start from page one',
        },
      ],
      'Invalid query',
    );
  const [payload, sig] = cursor.split('.');
  if (!payload || !sig || cursor.length > 2048) throw bad();
  const got = Buffer.from(sig, 'base64url');
  const ok = verifyingKeys(await signingKeys()).some((k) => {
    const want = mac(k, owner, payload);
    return got.length === want.length && timingSafeEqual(got, want);
  });
  if (!ok) throw bad();
  try {
    const { sk } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sk?: unknown };
    if (typeof sk !== 'string' || !sk.startsWith(expectPrefix)) throw bad();
    return sk;
  } catch {
    throw bad();
  }
}
