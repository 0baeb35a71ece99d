// The target's current state for a simulated cycle: the objects a SCIM server holds, from a dump of
// its ListResponse pages (`{"Resources": [...]}`, an array of pages or of resources, several pages
// one after another) or read live. Indexed per matching attribute so each directory object finds its
// candidates as Entra's matching query would: values compared case-insensitively, as the filter on a
// caseExact false attribute does (RFC 7644 §3.4.2.2).
import type { AttributeMapping, ObjectBlock } from '../syntax/ast';
import { readTargetValue, resolvePath, type ResolvedPath } from '../provisioning/paths';
import { isRecord } from '../../../shared/src/json-object';
import { tooDeeplyNested, type TargetResource } from '../schema/sample-data';
import { ResourcesById } from '../../../shared/src/scim/target-state';
import { scimErrorSchema } from '../../../shared/src/scim/errors';
import { nothingRead } from './input-error';
import { isOutOfRange, repeatedKeysOf } from './directory';

export interface TargetState {
  readonly users: readonly TargetResource[];
  readonly groups: readonly TargetResource[];
}

export interface TargetStateProblem {
  readonly where: string;
  readonly message: string;
}

const userSchema = 'urn:ietf:params:scim:schemas:core:2.0:User';
const groupSchema = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const listResponseSchema = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** How a file's problems are said: a resource skipped (and why), or a repeat of one read before. */
interface Said {
  skip(where: string, reason: string): void;
  repeat(problem: TargetStateProblem): void;
}

/** Reads ListResponse pages (or bare resources) into users and groups, by their `schemas` (or `meta.resourceType`). */
export function readTargetState(documents: readonly unknown[], file: string, problem: (problem: TargetStateProblem) => void): TargetState {
  const reader = new TargetStateReader(problem);
  reader.read(documents, file);
  return reader.state;
}

/**
 * The target's state from one dump or several: each resource once, where it was first read. One
 * given again (a page saved twice, in one file or two) is one target object, as the live read counts
 * it, and the repeat is reported with its place.
 */
export class TargetStateReader {
  private readonly users = new ResourcesById<string>();
  private readonly groups = new ResourcesById<string>();

  constructor(private readonly problem: (problem: TargetStateProblem) => void) {}

  /**
   * A dump's documents: each a ListResponse page, an array of pages or of resources, or a bare resource.
   * A file that holds no resource and says of no page that the target is empty (`null`, a SCIM error,
   * `{"Resources": "x"}`) is no target state at all: InputError, rather than an empty target that
   * would turn every directory object into a create.
   */
  read(documents: readonly unknown[], file: string): void {
    // Said once the file is known to hold something; a file that holds nothing fails with its first reason.
    const problems: TargetStateProblem[] = [];
    let firstSkip: TargetStateProblem | undefined;
    let readable = false;
    const said: Said = {
      skip: (where, reason) => {
        firstSkip ??= { where, message: reason };
        problems.push({ where, message: `${reason}; skipped` });
      },
      repeat: (problem) => problems.push(problem),
    };
    documents.forEach((document, documentIndex) => {
      const prefix = `${file}${documents.length > 1 ? ` #${documentIndex + 1}` : ''}`;
      const pages = Array.isArray(document) ? document : [document];
      // An empty array is the resources of an empty target (`jq .Resources` of an empty page).
      if (pages.length === 0) readable = true;
      pages.forEach((page, pageIndex) => {
        const where = `${prefix}${Array.isArray(document) ? ` /${pageIndex}` : ''}`;
        const schemas = isRecord(page) && Array.isArray(page.schemas) ? page.schemas : [];
        // A page that gives "Resources" twice lost all but the last (a dump's empty page after a full one): not read as either.
        const { own: repeated } = repeatedKeysOf(page);
        if (repeated.length > 0) said.skip(where, repeated.join('; '));
        else if (isRecord(page) && Array.isArray(page.Resources)) {
          if (page.Resources.length === 0) readable = true;
          page.Resources.forEach((resource, index) => {
            if (this.take(resource, `${where}/Resources/${index}`, said)) readable = true;
          });
        }
        // A page whose "Resources" is not an array is a page, schemas or not: not a resource missing its schema.
        else if (schemas.includes(listResponseSchema) || (isRecord(page) && Object.hasOwn(page, 'Resources'))) {
          // RFC 7644 §3.4.2 requires "Resources" only when totalResults is non-zero: a page past the end, an empty target.
          if (isRecord(page) && page.Resources !== undefined)
            said.skip(`${where}/Resources`, 'a ListResponse\'s "Resources" is not an array of resources');
          else readable = true;
        } else if (schemas.includes(scimErrorSchema)) said.skip(where, scimErrorOf(page));
        else if (this.take(page, where, said)) readable = true;
      });
    });
    if (!readable) {
      throw nothingRead(
        firstSkip?.where ?? file,
        firstSkip?.message,
        problems.length,
        "the target's state (no SCIM User or Group, no page of them)",
      );
    }
    for (const problem of problems) this.problem(problem);
  }

  get state(): TargetState {
    return { users: this.users.resources, groups: this.groups.resources };
  }

  /** Keeps a resource; false, after `skip(where, reason)`, when it is no User or Group that can be kept. */
  private take(resource: unknown, where: string, said: Said): boolean {
    const { skip } = said;
    if (!isRecord(resource)) {
      skip(where, 'not a SCIM resource (expected an object)');
      return false;
    }
    const { within: repeated } = repeatedKeysOf(resource);
    if (repeated.length > 0) {
      skip(where, repeated.join('; '));
      return false;
    }
    const tooDeep = tooDeeplyNested(resource);
    if (tooDeep) {
      skip(where, tooDeep);
      return false;
    }
    const schemas = Array.isArray(resource.schemas) ? resource.schemas : [];
    const type = isRecord(resource.meta) ? resource.meta.resourceType : undefined;
    if (schemas.includes(groupSchema) || type === 'Group') return this.keep(this.groups, 'group', resource, where, said);
    if (schemas.includes(userSchema) || type === 'User') return this.keep(this.users, 'user', resource, where, said);
    skip(where, 'neither a User nor a Group (no core schema in "schemas", no meta.resourceType)');
    return false;
  }

  /** A repeat of a resource already read is a readable one, reported but not kept again. */
  private keep(
    into: ResourcesById<string>,
    kind: 'user' | 'group',
    resource: TargetResource,
    where: string,
    { skip, repeat }: Said,
  ): boolean {
    const refused = into.add(resource, where);
    if (refused?.noId) {
      skip(
        where,
        `a ${kind} ${noIdOf(resource)}: RFC 7643 §3.1 requires every resource to have one, and no request could address this one`,
      );
      return false;
    }
    if (refused)
      repeat({
        where,
        message: `${kind} "${String(resource.id)}" is already read at ${refused.repeatOf}; one id is one target object, so the repeat is skipped`,
      });
    return true;
  }
}

/** A SCIM error response saved where a page was (the read that made the dump failed), with its status and detail. */
function scimErrorOf(page: unknown): string {
  const { status, detail } = isRecord(page) ? page : {};
  const said = [status, detail].filter((value) => typeof value === 'string' || typeof value === 'number').join(': ');
  return `a SCIM error response${said ? ` (${said})` : ''}, not a page of resources: the read that saved it failed`;
}

/** What a resource's id is when it is none: missing, blank, or of another type (`"id" is 42`). */
function noIdOf(resource: TargetResource): string {
  const { id } = resource;
  if (!('id' in resource)) return 'without an "id"';
  if (typeof id === 'string') return `whose "id" is ${JSON.stringify(id)}, blank`;
  // `1e400` is a number past a double's range, which JSON.parse reads as Infinity (and JSON.stringify writes as null).
  const shown = isOutOfRange(id)
    ? `a number too large for any reader (${String(id)})`
    : typeof id === 'object' && id !== null
      ? Array.isArray(id)
        ? 'an array'
        : 'an object'
      : JSON.stringify(id);
  return `whose "id" is ${shown}, not a string`;
}

/** Candidates by matching attribute and value, built on first use for each matching mapping. */
export class TargetIndex {
  private readonly indexes = new Map<AttributeMapping, Map<string, TargetResource[]>>();
  private readonly uniqueIndexes = new Map<string, Map<string, TargetResource[]>>();

  constructor(private readonly state: TargetState) {}

  /** The target objects whose value at the mapping's target path equals `value`, as the matching query compares (ignoring case unless `caseExact`). */
  candidates(block: ObjectBlock, mapping: AttributeMapping, value: string, caseExact = false): readonly TargetResource[] {
    let index = this.indexes.get(mapping);
    if (!index) {
      const path = resolvePath(mapping.target);
      index = indexBy(this.resources(block.object), (resource) => readTargetValue(resource, path), caseExact);
      this.indexes.set(mapping, index);
    }
    return index.get(caseExact ? value : value.toLowerCase()) ?? [];
  }

  /**
   * The target objects holding `value` in a top-level attribute the target keeps unique (a user's
   * userName, an extension's employeeNumber at `path`), both ignoring case unless the attribute is
   * `caseExact` (RFC 7643 §7).
   */
  holders(object: ObjectBlock['object'], path: ResolvedPath, value: string, caseExact: boolean): readonly TargetResource[] {
    const key = `${object} ${path.text}`;
    let index = this.uniqueIndexes.get(key);
    if (!index) {
      index = indexBy(this.resources(object), (resource) => readTargetValue(resource, path), caseExact);
      this.uniqueIndexes.set(key, index);
    }
    return index.get(caseExact ? value : value.toLowerCase()) ?? [];
  }

  private resources(object: ObjectBlock['object']): readonly TargetResource[] {
    return object === 'users' ? this.state.users : this.state.groups;
  }
}

/** Resources by their string value (lower-cased unless `caseExact`). */
function indexBy(
  resources: readonly TargetResource[],
  valueOf: (resource: TargetResource) => unknown,
  caseExact: boolean,
): Map<string, TargetResource[]> {
  const index = new Map<string, TargetResource[]>();
  for (const resource of resources) {
    const current = valueOf(resource);
    if (typeof current !== 'string') continue;
    const key = caseExact ? current : current.toLowerCase();
    const list = index.get(key);
    if (list) list.push(resource);
    else index.set(key, [resource]);
  }
  return index;
}
