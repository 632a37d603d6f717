/**
 * Opaque, tamper-evident pagination cursors: the sort key to continue after, bound to its
 * owner by an HMAC. A cursor edited, forged, or taken from another owner is a 400.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { problems } from './problem';

function key(): string {
  const k = process.env.SHARESIM_CURSOR_KEY;
  if (!k || k.length < 16) throw new Error('SHARESIM_CURSOR_KEY must be set (16+ characters)');
  return k;
}

function mac(owner: string, payload: string): Buffer {
  return createHmac('sha256', key()).update(`${owner}\n${payload}`).digest().subarray(0, 18);
}

export function encodeCursor(owner: string, sk: string): string {
  const payload = Buffer.from(JSON.stringify({ sk }), 'utf8').toString('base64url');
  return `${payload}.${mac(owner, payload).toString('base64url')}`;
}

export function decodeCursor(owner: string, cursor: string, expectPrefix: string): string {
  const bad = () =>
    problems.validation(
      [{ path: '/query/cursor', message: 'is not a cursor this API issued to you' }],
      'Invalid query',
    );
  const [payload, sig] = cursor.split('.');
  if (!payload || !sig || cursor.length > 2048) throw bad();
  const want = mac(owner, payload);
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw bad();
  try {
    const { sk } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sk?: unknown };
    if (typeof sk !== 'string' || !sk.startsWith(expectPrefix)) throw bad();
    return sk;
  } catch {
    throw bad();
  }
}
