/**
 * Workspaces a partnership's planners share (issue 17): GET /v1/whoami, POST|GET /v1/workspaces,
 * GET /v1/workspaces/{id}, PUT|DELETE /v1/workspaces/{id}/members/{principal}. Who may do what
 * in a workspace, and how `?workspace=` is resolved on the other routes, is api/workspace.ts.
 *
 * Members are changed by a read of the workspace's record and a write conditional on its
 * version (retried a few times when another change won), so "an owner cannot remove the last
 * owner" holds whatever two owners do at once.
 */
import { randomBytes } from 'node:crypto';
import { MEMBER_POINTER_PREFIX, newId } from '../../store/keys';
import { VersionMismatchError } from '../../store/errors';
import type { WorkspaceRecord, WorkspaceRole } from '../../store/store';
import { getDeps } from '../deps';
import { type ApiEvent, type ApiResult, byRoute, json, jsonText, parseBody, type RawHandler } from '../http';
import { idempotent } from '../idempotency';
import { ownerOf } from '../identity';
import { instrument } from '../instrument';
import { listQuery, nextCursor } from '../pagination';
import { pathId } from '../pathId';
import { problems } from '../problem';
import {
  MAX_MEMBERS,
  memberRecord,
  personalWorkspace,
  principalFromSegment,
  principalSegment,
  requireRole,
  SHARED_PREFIX,
} from '../workspace';
import { memberRequestSchema, workspaceRequestSchema } from '../workspaceRequest';

/** A member changes of a workspace are retried this often when another change won the race. */
const CHANGE_ATTEMPTS = 5;
const ROLE_ORDER: Readonly<Record<WorkspaceRole, number>> = { owner: 0, editor: 1, viewer: 2 };

function links(id: string) {
  return {
    self: `/v1/workspaces/${id}`,
    scenarios: `/v1/scenarios?workspace=${id}`,
    members: `/v1/workspaces/${id}/members/{principal}`,
  };
}

function member(principal: string, role: WorkspaceRole) {
  return { principal, pathSegment: principalSegment(principal), role };
}

/** A workspace as its members see it: their own role, every member, and where its things are. */
function view(record: WorkspaceRecord, role: WorkspaceRole | undefined) {
  const members = Object.entries(record.members)
    .sort(([a, ra], [b, rb]) => ROLE_ORDER[ra] - ROLE_ORDER[rb] || (a < b ? -1 : a > b ? 1 : 0))
    .map(([p, r]) => member(p, r));
  return {
    id: record.id,
    name: record.name,
    personal: false,
    role: role ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    members,
    links: links(record.id),
  };
}

function personalView(caller: string) {
  const ws = personalWorkspace(caller);
  return {
    id: ws.id,
    name: 'Personal',
    personal: true,
    role: 'owner' as const,
    members: [member(caller, 'owner')],
    links: { self: `/v1/workspaces/${ws.id}`, scenarios: '/v1/scenarios' },
  };
}

async function whoami(event: ApiEvent): Promise<ApiResult> {
  const caller = ownerOf(event);
  return json(200, {
    principal: caller,
    pathSegment: principalSegment(caller),
    personalWorkspace: personalWorkspace(caller).id,
    note:
      'a colleague adds you to a workspace with PUT /v1/workspaces/{id}/members/{pathSegment} {"role": …}; ' +
      'your data stays yours whatever session or permission set you sign in with',
    links: { workspaces: '/v1/workspaces' },
  });
}

async function create(event: ApiEvent): Promise<ApiResult> {
  const { store, now } = getDeps();
  const caller = ownerOf(event);
  return idempotent(store, caller, event, now(), async () => {
    const { name } = parseBody(event, workspaceRequestSchema, { title: 'Invalid workspace' });
    const at = now();
    const id = `${SHARED_PREFIX}${newId(at.getTime(), () => randomBytes(5).toString('hex'))}`;
    const record = await store.createWorkspace(id, name, caller, at);
    return json(201, view(record, 'owner'), {
      location: `/v1/workspaces/${id}`,
    });
  });
}

async function list(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  const caller = ownerOf(event);
  const q = await listQuery(event, caller, MEMBER_POINTER_PREFIX);
  const page = await store.listWorkspaces(caller, q.limit, q.afterSk);
  return json(200, {
    personal: personalView(caller),
    items: page.items.map((w) => ({ ...w, personal: false, links: links(w.id) })),
    nextCursor: await nextCursor(caller, page.lastSk),
  });
}

const workspaceId = (event: ApiEvent) => pathId(event, 'id', 'workspace');

async function get(event: ApiEvent): Promise<ApiResult> {
  const caller = ownerOf(event);
  const id = workspaceId(event);
  if (id === personalWorkspace(caller).id) return json(200, personalView(caller));
  const { record, ws } = await memberRecord(caller, id);
  return json(200, view(record, ws.role));
}

/** Give `principal` `role` (undefined: remove it), as an owner, keeping at least one owner. */
async function change(event: ApiEvent, role: WorkspaceRole | undefined): Promise<WorkspaceRecord> {
  const { store, now } = getDeps();
  const caller = ownerOf(event);
  const id = workspaceId(event);
  const principal = principalFromSegment(event.pathParameters?.principal ?? '');
  if (id === personalWorkspace(caller).id)
    throw problems.conflict(
      'a personal workspace is yours alone: create a workspace (POST /v1/workspaces) and add your colleagues to it',
    );
  for (let attempt = 1; ; attempt++) {
    const { record, ws } = await memberRecord(caller, id);
    requireRole(ws, 'manage');
    const was = record.members[principal];
    if (!role && !was) throw problems.notFound('member');
    const owners = Object.values(record.members).filter((r) => r === 'owner').length;
    if (was === 'owner' && role !== 'owner' && owners === 1)
      throw problems.conflict(
        `${principal} is the last owner of this workspace: make another member an owner first (a workspace always ` +
          'has one)',
      );
    if (!was && Object.keys(record.members).length >= MAX_MEMBERS)
      throw problems.conflict(`a workspace has at most ${MAX_MEMBERS} members`);
    try {
      return await store.setWorkspaceMember(record, principal, role, now());
    } catch (e) {
      if (!(e instanceof VersionMismatchError) || attempt >= CHANGE_ATTEMPTS) throw e;
    }
  }
}

async function putMember(event: ApiEvent): Promise<ApiResult> {
  // a body's problems say nothing of the workspace: a non-member learns as little from them as from a 404
  const { role } = parseBody(event, memberRequestSchema, { title: 'Invalid member' });
  const record = await change(event, role);
  // the caller may have just made themselves a viewer (another owner remaining)
  return json(200, view(record, record.members[ownerOf(event)]));
}

async function removeMember(event: ApiEvent): Promise<ApiResult> {
  await change(event, undefined);
  return jsonText(204, '');
}

export const run: RawHandler = byRoute({
  'GET /v1/whoami': whoami,
  'POST /v1/workspaces': create,
  'GET /v1/workspaces': list,
  'GET /v1/workspaces/{id}': get,
  'PUT /v1/workspaces/{id}/members/{principal}': putMember,
  'DELETE /v1/workspaces/{id}/members/{principal}': removeMember,
});
export const handler = instrument(run);
