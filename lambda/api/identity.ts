/**
 * The owner of a request: the caller's IAM principal (HTTP API IAM authorizer) or JWT `sub`.
 * The local server puts its X-Sharesim-User into the same place, so handlers read one shape.
 */
import type { ApiEvent } from './http';
import { problems } from './problem';

interface AuthorizerContext {
  iam?: { userArn?: string; userId?: string };
  jwt?: { claims?: Record<string, string | number | boolean | string[]> };
}

export function ownerOf(event: ApiEvent): string {
  const auth = (event.requestContext as { authorizer?: AuthorizerContext }).authorizer;
  const owner =
    auth?.iam?.userArn ??
    auth?.iam?.userId ??
    (typeof auth?.jwt?.claims?.sub === 'string' ? auth.jwt.claims.sub : undefined);
  if (!owner) throw problems.unauthorized();
  return owner;
}

export const LOCAL_USER_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
