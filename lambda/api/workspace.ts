/**
 * Workspaces (issue 17): which partition a request acts in, and what the caller may do there.
 * Every scenario, run, plan and report handler asks `scoped` (or `scopedLoose`) first, so the
 * rules live here, not in each handler:
 *
 * - no `?workspace=`, or the caller's own personal workspace id: the caller's personal workspace,
 *   whose partition is the caller's owner partition as it has always been (no store read, no
 *   change to what an existing caller sees), role `owner`;
 * - a shared workspace the caller is a member of: its partition (`workspace:<id>`) and the
 *   caller's role, read from its record (one small read);
 * - anything else (another's personal workspace, a workspace the caller is not in, an id that
 *   names nothing): 404, so ids do not leak; a member without the role the route needs: 403.
 *
 * Roles: viewers read (and mint report links); editors and owners also create, edit, run and
 * delete; only owners manage members. Cursors are bound to the partition (api/cursor.ts), so one
 * issued in one workspace is a 400 in another; a report link names its run's partition, so it
 * keeps working for whoever holds it and opens nothing else.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { workspaceOwner } from '../store/keys';
import { WORKSPACE_ROLES, type WorkspaceRecord, type WorkspaceRole } from '../store/store';
import { getDeps } from './deps';
import type { ApiEvent } from './http';
import { validated } from './body';
import { ownerOf } from './identity';
import { problems } from './problem';
import { workspaceParam } from './workspaceQuery';

export { WORKSPACE_ROLES, type WorkspaceRole };
export type Need = 'read' | 'write' | 'manage';

const RANK: Readonly<Record<WorkspaceRole, number>> = { viewer: 1, editor: 2, owner: 3 };
const NEEDS: Readonly<Record<Need, WorkspaceRole>> = { read: 'viewer', write: 'editor', manage: 'owner' };

/** The most members a shared workspace may have (its record is one item: well under DynamoDB's 400 KB). */
export const MAX_MEMBERS = 200;

/** Where a request acts. */
export interface Workspace {
  /** The caller's stable principal (identity.ts). */
  readonly caller: string;
  readonly id: string;
  readonly personal: boolean;
  /** The store's owner: the partition every read and write of this request names. */
  readonly owner: string;
  readonly role: WorkspaceRole;
  /** What links to things in it carry: `?workspace=<id>`, or nothing for the personal workspace. */
  readonly query: string;
}

const PERSONAL_PREFIX = 'p-';
export const SHARED_PREFIX = 'w-';

/** The id of a principal's personal workspace: derived, so it needs no record and no migration. */
export function personalWorkspaceId(principal: string): string {
  const hash = createHash('sha256').update(`personal-workspace\n${principal}`).digest('hex');
  return `${PERSONAL_PREFIX}${hash.slice(0, 24)}`;
}

export function personalWorkspace(caller: string): Workspace {
  return { caller, id: personalWorkspaceId(caller), personal: true, owner: caller, role: 'owner', query: '' };
}

export type LinkQuery = Pick<Workspace, 'query'>;

/** Append a workspace's query to a path (which may have a query of its own). */
export function inWorkspace(path: string, ws: LinkQuery): string {
  if (!ws.query) return path;
  return path.includes('?') ? `${path}&${ws.query.slice(1)}` : `${path}${ws.query}`;
}

function allowed(ws: Workspace, need: Need): Workspace {
  if (RANK[ws.role] >= RANK[NEEDS[need]]) return ws;
  throw problems.forbidden(
    need === 'manage'
      ? `you are ${ws.role === 'editor' ? 'an editor' : 'a viewer'} of this workspace: only its owners manage members`
      : 'you are a viewer of this workspace: viewers read; editors and owners create, edit, run and delete',
  );
}

/** A shared workspace's record, if the caller is a member (else 404, whatever the reason). */
export async function memberRecord(caller: string, id: string): Promise<{ record: WorkspaceRecord; ws: Workspace }> {
  const record = id.startsWith(SHARED_PREFIX) ? await getDeps().store.getWorkspace(id) : undefined;
  const role = record?.members[caller];
  if (!record || !role) throw problems.notFound('workspace');
  return { record, ws: shared(caller, id, role) };
}

function shared(caller: string, id: string, role: WorkspaceRole): Workspace {
  return { caller, id, personal: false, owner: workspaceOwner(id), role, query: `?workspace=${id}` };
}

/** The workspace `requested` names (none: the personal one), if the caller may do what `need` says there. */
export async function resolveWorkspace(event: ApiEvent, requested: string | undefined, need: Need): Promise<Workspace> {
  const caller = ownerOf(event);
  if (requested === undefined || requested === personalWorkspaceId(caller)) return personalWorkspace(caller);
  const role = requested.startsWith(SHARED_PREFIX)
    ? await getDeps().store.getWorkspaceRole(requested, caller)
    : undefined;
  if (!role) throw problems.notFound('workspace');
  return allowed(shared(caller, requested, role), need);
}

/** Whether the caller may do what `need` says in a workspace already resolved (403 if not). */
export function requireRole(ws: Workspace, need: Need): Workspace {
  return allowed(ws, need);
}

/**
 * A route whose query schema (strict, with `workspace`) is known: the query validated (400 at
 * `/query/...` before anything else), then the workspace resolved.
 */
export async function scoped<T extends { workspace?: string | undefined }>(
  event: ApiEvent,
  schema: z.ZodType<T>,
  need: Need,
): Promise<{ ws: Workspace; query: Omit<T, 'workspace'> }> {
  const { workspace, ...query } = validated(schema, event.queryStringParameters ?? {}, 'Invalid query', ['query']);
  return { ws: await resolveWorkspace(event, workspace, need), query };
}

/**
 * A route whose query is validated later and only sometimes (a CSV body's fields): `workspace`
 * alone checked here, the rest handed on without it.
 */
export async function scopedLoose(
  event: ApiEvent,
  need: Need,
): Promise<{ ws: Workspace; rest: Record<string, string | undefined> }> {
  const { workspace, ...rest } = event.queryStringParameters ?? {};
  const ok = validated(workspaceParam.workspace, workspace, 'Invalid query', ['query', 'workspace']);
  return { ws: await resolveWorkspace(event, ok, need), rest };
}

/**
 * `{principal}` in a path: the principal itself when it is made of characters API Gateway
 * leaves alone in a path (`local:alice`, `sso:123456789012:alice@example.org`), else `~` and
 * its UTF-8 in base64url (an IAM user's ARN has a `/`, a JWT principal an issuer URL and a `#`:
 * API Gateway decodes `%2F` before it matches routes). No principal starts with `~`.
 */
const PLAIN_SEGMENT = /^[A-Za-z0-9._@:+=,*-]{1,1024}$/;
export function principalSegment(principal: string): string {
  return PLAIN_SEGMENT.test(principal) ? principal : `~${Buffer.from(principal, 'utf8').toString('base64url')}`;
}

/** What a principal identity.ts derives looks like (a typo or an email alone is refused: it would match no one). */
const PRINCIPAL_FORMS = [
  /arn:aws[\w-]*:\S+/, // an IAM user (or any ARN identity.ts keeps as it is)
  /sso:\d{12}:\S+/,
  /role:\d{12}:[\w+=,.@-]+:\S+/,
  /jwt:\S+#\S+/,
  /local:[A-Za-z0-9._@-]{1,64}/,
  /[A-Z0-9]{16,128}(?::\S+)?/, // an IAM unique id (the authorizer gave no ARN)
];
const PRINCIPAL = new RegExp(`^(?:${PRINCIPAL_FORMS.map((r) => r.source).join('|')})$`);

/** The principal a `{principal}` path segment names, or a 400 saying how to find one. */
export function principalFromSegment(segment: string): string {
  let principal = segment;
  if (segment.startsWith('~')) {
    const b64 = segment.slice(1);
    principal = /^[A-Za-z0-9_-]+$/.test(b64) ? Buffer.from(b64, 'base64url').toString('utf8') : '';
  }
  if (principal.length > 1024 || !PRINCIPAL.test(principal))
    throw problems.validation(
      [
        {
          path: '/path/principal',
          message:
            'is not a principal: ask your colleague for the `pathSegment` GET /v1/whoami answers them ' +
            '(e.g. sso:123456789012:alice@example.org, or ~ and the base64url of a principal with a / or #)',
        },
      ],
      'Invalid principal',
    );
  return principal;
}
