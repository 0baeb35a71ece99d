// Each directory object once, as a cycle takes it: Entra provisions an object once per cycle, so an
// object given twice (the same file twice, a Graph page saved twice, overlapping exports) is read at
// its first place and each repeat is reported with its place and skipped. References (a manager, a
// group's members) to objects that are not in the directory input are reported: the object is
// simulated with them as Entra sees a reference to an object outside the export.
import { resolve } from 'node:path';
import { notAmongUsers } from '../provisioning/users-source';
import { referenceOf } from '../schema/sample-data';
import { ClaimedValues } from './claimed-values';
import type { DirectoryEntry, DirectoryProblem } from './directory';

/** Dangling references listed one by one; past this, one line counts the rest (a filtered Graph export may have thousands). */
const listedReferences = 20;

/** The files once each: a path given twice (as typed or resolved) is read at its first mention. */
export function distinctFiles(files: readonly string[], problem: (problem: DirectoryProblem) => void): string[] {
  const seen = new Set<string>();
  return files.filter((file) => {
    const key = resolve(file);
    if (!seen.has(key)) return seen.add(key);
    problem({ where: file, message: 'the file is given twice; it is read once', simulated: true });
    return false;
  });
}

/** The key of an object: users and groups are known apart (a samples file may name a user and a group alike). */
function keyOf(entry: DirectoryEntry): string {
  return `${entry.kind} ${entry.sample.id}`;
}

function repeated(entry: DirectoryEntry, first: string): DirectoryProblem {
  return {
    where: entry.where,
    message: `${entry.kind} "${entry.sample.id}" is already read at ${first}; an object is provisioned once a cycle, so the repeat is skipped`,
  };
}

/** The JSON entries each once (the first place kept), with the place of each user for the streamed CSV users. */
export function distinctEntries(
  entries: readonly DirectoryEntry[],
  problem: (problem: DirectoryProblem) => void,
): { readonly entries: DirectoryEntry[]; readonly firstPlaces: ReadonlyMap<string, string> } {
  const firstPlaces = new Map<string, string>();
  const distinct = entries.filter((entry) => {
    const first = firstPlaces.get(keyOf(entry));
    if (first === undefined) return firstPlaces.set(keyOf(entry), entry.where);
    problem(repeated(entry, first));
    return false;
  });
  return { entries: distinct, firstPlaces };
}

/**
 * A streamed (CSV) user that a JSON file or an earlier CSV row already gave: reported and skipped, as
 * a repeat among JSON objects is. An earlier row's place is not kept (a million of them would be).
 */
export function isRepeatOfRead(
  entry: DirectoryEntry,
  firstPlaces: ReadonlyMap<string, string>,
  streamed: StreamedIds,
  problem: (problem: DirectoryProblem) => void,
): boolean {
  const first = firstPlaces.get(keyOf(entry)) ?? (streamed.add(entry.sample.id) ? undefined : 'an earlier CSV row');
  if (first !== undefined) problem(repeated(entry, first));
  return first !== undefined;
}

/**
 * Reports references to users that are not in the directory input: managers against the JSON users
 * (the CSV users come after them in the cycle), members against the JSON users and, after the
 * stream, the CSV users found. At most `listedReferences` lines, then a count.
 */
export class OutsideReferences {
  private reported = 0;

  constructor(private readonly problem: (problem: DirectoryProblem) => void) {}

  /** The managers no user of the input is; `known` says whether a user is in the input. */
  managers(entries: readonly DirectoryEntry[], known: (id: string) => boolean): void {
    for (const entry of entries) {
      const ref = entry.kind === 'user' ? referenceOf(entry.sample.attributes.manager) : undefined;
      if (ref === undefined || known(ref)) continue;
      this.report(entry.where, `the manager "${ref}" ${notAmongUsers(1, 'directory')}; the user is simulated with a manager outside it`);
    }
  }

  /**
   * The members no user of the input is, by group; `known` says whether a user is in the input,
   * `isGroup` whether a group is (a nested group, which Entra does not provision as a member).
   */
  members(entries: readonly DirectoryEntry[], known: (id: string) => boolean, isGroup: (id: string) => boolean): void {
    for (const entry of entries) {
      if (entry.kind !== 'group') continue;
      for (const member of entry.sample.members)
        if (isGroup(member))
          this.report(
            entry.where,
            `the member "${member}" is a group of the directory input: nested groups are not provisioned as members, so the group is simulated without it`,
          );
        else if (!known(member))
          this.report(entry.where, `the member "${member}" ${notAmongUsers(1, 'directory')}; the group is simulated without it`);
    }
  }

  /** The count of the references not listed. */
  finish(): void {
    const unlisted = this.reported - listedReferences;
    if (unlisted > 0)
      this.problem({
        where: 'directory',
        message: `${unlisted} more reference${unlisted === 1 ? '' : 's'} to users outside the directory input (not listed)`,
        simulated: true,
      });
  }

  private report(where: string, message: string): void {
    if (this.reported++ < listedReferences) this.problem({ where, message, simulated: true });
  }
}

/**
 * The ids of the CSV users read so far, to say a row that repeats one (a CSV given with a copy,
 * overlapping exports) without keeping a million strings on the heap: kept as the cycle keeps its
 * unique values (ClaimedValues, off the heap).
 */
export class StreamedIds {
  private readonly claimed = new ClaimedValues();

  /** Whether the id is new; it is kept from now on. */
  add(id: string): boolean {
    return this.claimed.claim(id, '') === undefined;
  }
}
