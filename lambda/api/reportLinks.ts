/**
 * Signed report links (issue 17): a URL a board member opens in a browser, with no credentials,
 * that serves the run's report page until it expires. `GET /v1/report-links/{token}` is a public
 * route; the token is `<runId>.<expires>.<hmac>`, the HMAC (api/signingKeys.ts, the key read
 * from Secrets Manager at run time) over the run, its owner and the expiry. Why not a presigned
 * S3 URL: the page would have to be rendered and stored when the link is made; here it is
 * rendered from the run when opened, so deleting the run revokes every link to it, and so does
 * rotating the key twice. Links live at most 7 days (the longest a presigned URL could, and what
 * a board pack needs); the default is 7 days.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { signingKeys, verifyingKeys } from './signingKeys';

export const MAX_LINK_SECONDS = 7 * 24 * 3600;

export const reportLinkRequestSchema = z.strictObject({
  expiresInSeconds: z
    .int()
    .min(60)
    .max(MAX_LINK_SECONDS)
    .default(MAX_LINK_SECONDS)
    .describe('How long the link works, seconds (at most 7 days, the default)'),
});

const TOKEN = /^([a-z0-9]{9,40})\.(\d{9,12})\.([A-Za-z0-9_-]{43})$/;

function mac(key: string, runId: string, owner: string, expires: number): string {
  return createHmac('sha256', key).update(`report-link\n${runId}\n${owner}\n${expires}`).digest('base64url');
}

export async function reportLinkToken(runId: string, owner: string, expires: number): Promise<string> {
  return `${runId}.${expires}.${mac((await signingKeys()).current, runId, owner, expires)}`;
}

/** The parts of a token that looks like one (its signature still to check). */
export function parseToken(token: string): { runId: string; expires: number; sig: string } | undefined {
  const m = TOKEN.exec(token);
  return m ? { runId: m[1]!, expires: Number(m[2]), sig: m[3]! } : undefined;
}

/** Whether `sig` signs this run, owner and expiry with a current or previous key. */
export async function validSignature(runId: string, owner: string, expires: number, sig: string): Promise<boolean> {
  const got = Buffer.from(sig);
  return verifyingKeys(await signingKeys()).some((k) => {
    const want = Buffer.from(mac(k, runId, owner, expires));
    return got.length === want.length && timingSafeEqual(got, want);
  });
}
