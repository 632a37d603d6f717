/**
 * The owner of a request: a stable name for the caller, derived from what the HTTP API's
 * authorizer passes (IAM: the principal's ARN; JWT: the token's claims). The local server puts
 * its X-Sharesim-User into the same place (`local:<user>`), so handlers read one shape.
 *
 * Stable means the same person gets the same owner across sessions, so their data does not
 * vanish when a session name or a permission set changes (issue 17):
 * - an IAM user: its ARN (`arn:aws:iam::<account>:user/<path/name>`), as it is;
 * - an IAM Identity Center (SSO) session, an assumed `AWSReservedSSO_<PermissionSet>_<hash>`
 *   role: `sso:<account>:<session>`, the session name (the user's sign-in name, an email,
 *   lower-cased). The role name is dropped: it encodes the permission set, which an
 *   administrator may change or replace, and that would make the same person a new tenant;
 * - any other assumed role: `role:<account>:<RoleName>:<session>`, the session name
 *   lower-cased; a session name that tools generate afresh each time (`botocore-session-<n>`,
 *   `aws-go-sdk-<n>`, a bare number, the CLI's `<n>`-suffixed defaults) is dropped to `*`, so a
 *   role used by automation is one owner, not one per session;
 * - a JWT (Cognito or any OIDC issuer): `jwt:<issuer>#<sub>` (a `sub` is unique only within its
 *   issuer).
 */
import type { ApiEvent } from './http';
import { problems } from './problem';

interface AuthorizerContext {
  iam?: { userArn?: string; userId?: string };
  jwt?: { claims?: Record<string, string | number | boolean | string[]> };
}

const ASSUMED_ROLE = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/;
/** Session names tools make up per session: not a person. */
const GENERATED_SESSION =
  /^(?:botocore-session-\d+|aws-go-sdk-\d+|aws-sdk-java-\d+|aws-sdk-js-\d+|\d+|[\w-]*-\d{10,})$/i;

/** The stable owner of an IAM principal ARN (see above). */
export function ownerOfArn(arn: string): string {
  const m = ASSUMED_ROLE.exec(arn);
  if (!m) return arn;
  const [, account, role, session] = m as unknown as [string, string, string, string];
  const who = session.toLowerCase();
  if (role.startsWith('AWSReservedSSO_')) return `sso:${account}:${who}`;
  return `role:${account}:${role}:${GENERATED_SESSION.test(session) ? '*' : who}`;
}

export function ownerOf(event: ApiEvent): string {
  const auth = (event.requestContext as { authorizer?: AuthorizerContext }).authorizer;
  const arn = auth?.iam?.userArn;
  if (arn) return arn.startsWith('local:') ? arn : ownerOfArn(arn);
  if (auth?.iam?.userId) return auth.iam.userId;
  const claims = auth?.jwt?.claims;
  if (typeof claims?.sub === 'string') {
    const iss = typeof claims.iss === 'string' ? claims.iss : 'unknown-issuer';
    return `jwt:${iss}#${claims.sub}`;
  }
  throw problems.unauthorized();
}

export const LOCAL_USER_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
