// The target's current state read live, for a simulated provisioning cycle: every user (paged GET
// /Users) and, when the mapping provisions groups, every group with its members. Used by `scimmap
// simulate --connection` (the VS Code report view takes the target's state from ListResponse files).
import type { ScimClient } from './client';
import { ScimError } from './errors';
import type { TimeBudget } from './http';
import { listPages, type ListOptions } from './list';
import { maxWholeFileBytes } from '../reading-file';
import { isRecord } from '../json-object';

export type LiveResource = Record<string, unknown>;

export interface LiveTargetState {
  readonly users: LiveResource[];
  readonly groups: LiveResource[];
}

export interface LiveStateOptions {
  /** Read groups too (the mapping provisions groups). */
  readonly groups: boolean;
  /**
   * The matching queries of the directory's groups (`/Groups?excludedAttributes=members&filter=...`),
   * for a target that lists groups only with a filter: each group found is then read with its members.
   */
  readonly groupQueries?: () => readonly string[];
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  /** The time budget of the whole read. */
  readonly budget?: TimeBudget;
  /** What is being read, and how far: `/Users: 250 of 8000`. */
  readonly progress?: (message: string) => void;
  /** What the target did that the read worked around, for the user. */
  readonly warn?: (message: string) => void;
  /** The most characters the answers may hold together; default maxWholeFileBytes, as a --target-state file. */
  readonly maxCharacters?: number;
}

/**
 * Users: the plain list, then `filter=active eq false`, because Genesys Cloud lists only active users
 * without a filter (API reference of GET /api/v2/scim/v2/users); a target that lists everyone
 * answers the second with users already read, which are dropped. Groups: the plain list; a target
 * that refuses it with 400 (Genesys Cloud requires a filter on /api/v2/scim/v2/groups) is asked the
 * directory groups' own matching queries, as Entra asks them, and each group found is read with
 * its members (the queries leave them out).
 */
export async function readLiveTargetState(client: ScimClient, options: LiveStateOptions): Promise<LiveTargetState> {
  const users = new ResourcesById<undefined>();
  const groups = new ResourcesById<undefined>();
  // The state is held whole, as a dump given as --target-state is: its answers together are bounded
  // as such a file is, so a target that keeps sending full pages stops the read instead of the memory.
  const maxCharacters = options.maxCharacters ?? maxWholeFileBytes;
  let characters = 0;
  const received = (length: number) => {
    characters += length;
    if (characters > maxCharacters)
      throw new ScimError(
        'tooLarge',
        `the target's answers passed ${maxCharacters / 1024 / 1024} MiB (${users.size + groups.size} resources kept), the most a target's state is read to (it is held in memory whole, as a --target-state file is); the read stopped there.`,
      );
  };
  // Resources without an id (none, not a string, or blank), which no request could address: left out, and counted for a warning a list.
  const withoutId = new Map<string, number>();
  const keep = (into: ResourcesById<undefined>, resource: unknown, list: string) => {
    if (isRecord(resource) && into.add(resource, undefined)?.noId) withoutId.set(list, (withoutId.get(list) ?? 0) + 1);
  };
  const listOptions = (path: string, query?: Record<string, string>): ListOptions => ({
    query,
    received,
    pageSize: options.pageSize,
    signal: options.signal,
    budget: options.budget,
    warn: options.warn,
    progress: (read, total) =>
      options.progress?.(`${path}${query ? ` (${query.filter})` : ''}: ${read}${total !== undefined ? ` of ${total}` : ''}`),
  });
  for await (const page of listPages(client, '/Users', listOptions('/Users'))) for (const user of page) keep(users, user, '/Users');
  try {
    const inactive = { filter: 'active eq false' };
    for await (const page of listPages(client, '/Users', listOptions('/Users', inactive)))
      for (const user of page) keep(users, user, `/Users (${inactive.filter})`);
  } catch (error) {
    if (!refused(error)) throw error;
    options.warn?.(
      `/Users: the target refused filter=active eq false (${error.message}); users it leaves out of the plain list, if any, are not in the state.`,
    );
  }
  if (options.groups) {
    try {
      for await (const page of listPages(client, '/Groups', listOptions('/Groups')))
        for (const group of page) keep(groups, group, '/Groups');
    } catch (error) {
      if (!refused(error) || !options.groupQueries) throw error;
      const queries = options.groupQueries();
      options.warn?.(
        `/Groups: the target does not list groups without a filter (${error.message}); the directory's ${queries.length} groups were looked up by their matching queries, as Entra does.`,
      );
      await readGroupsByQuery(client, queries, groups, options, received);
    }
  }
  for (const [list, count] of withoutId)
    options.warn?.(
      `${list}: ${count === 1 ? '1 resource' : `${count} resources`} without an "id" (a string that is not blank; RFC 7643 §3.1 requires one) ${count === 1 ? 'is' : 'are'} left out of the state: no request could address ${count === 1 ? 'it' : 'them'}.`,
    );
  return { users: users.resources, groups: groups.resources };
}

async function readGroupsByQuery(
  client: ScimClient,
  queries: readonly string[],
  groups: ResourcesById<undefined>,
  options: LiveStateOptions,
  received: (characters: number) => void,
): Promise<void> {
  let done = 0;
  for (const pathAndQuery of queries) {
    const [path, search = ''] = pathAndQuery.split('?', 2);
    const query = Object.fromEntries(new URLSearchParams(search));
    const { response, body } = await client.json({ method: 'GET', path, query, signal: options.signal, budget: options.budget });
    received(response.text.length);
    const found = isRecord(body) && Array.isArray(body.Resources) ? body.Resources : [];
    for (const group of found) {
      if (!isRecord(group) || typeof group.id !== 'string' || groups.has(group.id)) continue;
      const { response: read, body: whole } = await client.json({
        method: 'GET',
        path: `/Groups/${encodeURIComponent(group.id)}`,
        signal: options.signal,
        budget: options.budget,
      });
      received(read.text.length);
      // The group read whole, with its members; as the query found it when the read answers another resource.
      groups.add(isRecord(whole) && whole.id === group.id ? whole : group, undefined);
    }
    options.progress?.(`/Groups (by matching query): ${++done} of ${queries.length}`);
  }
}

/**
 * A target's resources of one kind, one per `id`: a resource listed again (a server that answers the
 * inactive users' query with everyone, a dump with a page saved twice) is the same target object,
 * kept where it was first read. Both the live read and the reader of ListResponse dumps keep them so.
 */
export class ResourcesById<Place> {
  private readonly byId = new Map<string, { readonly resource: LiveResource; readonly place: Place }>();

  /**
   * Keeps the resource unless it has no id (RFC 7643 §3.1 requires one; an empty or blank string
   * addresses nothing either: `PATCH /Users/`) or its id was read before, at the place returned.
   */
  add(resource: LiveResource, place: Place): { readonly noId: true } | { readonly noId?: undefined; readonly repeatOf: Place } | undefined {
    const { id } = resource;
    if (typeof id !== 'string' || id.trim() === '') return { noId: true };
    const first = this.byId.get(id);
    if (first) return { repeatOf: first.place };
    this.byId.set(id, { resource, place });
    return undefined;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The resources kept, in the order they were first read. */
  get resources(): LiveResource[] {
    return [...this.byId.values()].map(({ resource }) => resource);
  }
}

/** A 400 (the target does not take this query); anything else, cancellation included, stops the read. */
function refused(error: unknown): error is ScimError {
  return error instanceof ScimError && error.kind === 'badRequest' && error.status === 400;
}
