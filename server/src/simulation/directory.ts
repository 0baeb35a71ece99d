// The directory as admins have it, read into sample users and groups for a simulated provisioning
// cycle: the Entra admin center's Users > "Download users" CSV, Microsoft Graph `GET /users` and
// `GET /groups` answers (`{"value": [...]}` pages with `@odata.nextLink`, one page, several pages
// concatenated, or an array of pages; with `$select` or not), and scimmap's samples files. Export
// names are mapped to the attribute names mappings use (data/directory-attributes.json); unknown
// columns and properties are kept as attributes. A broken row or object is reported with where it
// is and skipped: reading never stops for one bad entry.
import directoryAttributesJson from '../data/directory-attributes.json';
import type { SourceObject } from '../evaluation/types';
import { isRecord } from '../../../shared/src/json-object';
import { noSamples, readSampleEntries, type SampleEntry, type SampleGroup, type SampleUser } from '../schema/sample-data';
import { sourceSchema } from '../schema/source';
import { CsvReader, csvSeparatorOf, maxFieldLength, type CsvRow } from './csv';
import { InputError, nothingRead } from './input-error';
import { INVALID_BYTE } from '../../../shared/src/utf8';
import { documentStart } from '../../../shared/src/reading-file';
import { repeatedKeysIn } from '../entra/json-tree';
import { maxJsonDepth, parseKeepingLongIntegers, setOwn } from '../../../shared/src/scim/json';

export type DirectoryEntry =
  | { readonly kind: 'user'; readonly sample: SampleUser; readonly where: string }
  | { readonly kind: 'group'; readonly sample: SampleGroup; readonly where: string };

export interface DirectoryProblem {
  /** `users.csv:12`, `users.json /value/3`. */
  readonly where: string;
  readonly message: string;
  /** A note on an entry that is simulated all the same (a reference outside the input), not an entry skipped. */
  readonly simulated?: true;
}

export type DirectoryFormat = 'csv' | 'json';

interface DirectoryAttributesData {
  readonly aliases: Readonly<Record<string, string>>;
  readonly booleans: readonly string[];
  readonly multiValued: readonly string[];
  readonly extensionAttributesProperty: string;
  readonly orgDataProperty: string;
}

const directoryAttributes = directoryAttributesJson as DirectoryAttributesData;
const booleans = new Set(directoryAttributes.booleans);
const multiValued = new Set(directoryAttributes.multiValued);

/**
 * Export names in lower case to the attribute names mappings use: every source attribute under its
 * own name (`UserPrincipalName`, as `Export-Csv` writes Graph's properties, is `userPrincipalName`),
 * and the aliases.
 */
const attributeNames = new Map<string, string>([
  ...sourceSchema.objects.flatMap((object) => object.attributes.map(({ name }): [string, string] => [name.toLowerCase(), name])),
  ...Object.entries(directoryAttributes.aliases),
]);

/** The attribute name mappings use for an export's column or property name, ignoring case and spaces; an unknown name keeps its own. */
export function attributeNameOf(exportName: string): string {
  return knownAttributeNameOf(exportName) ?? exportName.trim();
}

/** The source attribute an export's name is, ignoring case and spaces; undefined for a name neither the schema nor the aliases know. */
function knownAttributeNameOf(exportName: string): string | undefined {
  const key = exportName.trim().toLowerCase().replace(/\s+/g, ' ');
  return attributeNames.get(key) ?? attributeNames.get(key.replace(/ /g, ''));
}

/** Whether a directory file is a CSV (streamed) or JSON (read whole), from its name and first characters. */
export function directoryFormatOf(path: string, head: string): DirectoryFormat {
  // A file is what its name says: a .json file that holds no JSON is said to be so, not read as a CSV.
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.json$/i.test(path)) return 'json';
  return documentStart(head) === 'json' ? 'json' : 'csv';
}

/**
 * A JSON directory file: a samples file (`{"users": [...], "groups": [...]}`) or Microsoft Graph pages.
 * An empty one (a failed `curl -o users.json`) has nothing to read, as a file of `null` has not: InputError.
 */
export function readDirectoryJson(
  text: string,
  file: string,
  problem: (problem: DirectoryProblem) => void,
  paging = new GraphPaging(),
): DirectoryEntry[] {
  const json = text.replace(/^\uFEFF/, '');
  if (json.trim() === '')
    throw new InputError(
      `${file}: the file is empty: a directory JSON file is Microsoft Graph pages ({"value": [...]}) or a samples file, so nothing in it could be read`,
    );
  let root: unknown;
  try {
    root = parsePages(json);
  } catch {
    root = undefined; // several Graph pages one after another, or broken: readGraphJson says which
  }
  const samples = isRecord(root) && !('value' in root) && ('users' in root || 'groups' in root);
  if (samples) return readSamplesJson(text, file, problem);
  // A file of one document is parsed once: jsonDocuments would parse it again to find the same document.
  return readGraphJson(text, file, problem, root === undefined ? undefined : [root], paging);
}

// ---- CSV ----

const saveAsUtf8 = 'save the file as UTF-8';

/**
 * Reads an Entra Users CSV given in chunks; yields users as their rows complete. A row holding bytes
 * that are no UTF-8 character (INVALID_BYTE in the chunks) is reported with its line and skipped.
 * A header no user can be read under (not UTF-8, no column to know a user by, past maxFieldLength)
 * is told to `unusableHeader` before any row is read, which may throw to refuse the input; if it does
 * not, the file is reported and skipped.
 */
export async function* readUsersCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  file: string,
  problem: (problem: DirectoryProblem) => void,
  unusableHeader: (where: string, reason: string) => void = () => undefined,
): AsyncGenerator<DirectoryEntry> {
  // The separator is known once the header row has ended (or its first maxFieldLength characters are in).
  let reader: CsvReader | undefined;
  let start = '';
  let header: string[] | undefined;
  let columns: readonly string[] = [];
  /** The columns not to say a .NET type name of: those already said (each said once), and those no mapping reads. */
  const typeNameColumns = new Set<number>();
  const ready: DirectoryEntry[] = [];
  let fileSkipped = false;
  const unusable = (where: string, reason: string) => {
    fileSkipped = true;
    unusableHeader(where, reason);
    problem({ where, message: `${reason}; the file is skipped` });
  };
  const onRow = (row: CsvRow) => {
    if (fileSkipped) return;
    const where = `${file}:${row.line}`;
    const notUtf8 = row.fields.some((field) => field.includes(INVALID_BYTE));
    if (!header) {
      // The bulk templates' first line ("version:v1.0") is not a header.
      if (row.fields.length === 1 && /^version:/i.test(row.fields[0])) return;
      header = row.fields.map(attributeNameOf);
      columns = row.fields;
      // Known once from the header, not again for every row: the SDK's own columns (`AdditionalProperties`) are never said.
      columns.forEach((name, index) => {
        if (knownAttributeNameOf(name) === undefined) typeNameColumns.add(index);
      });
      sameAttributeColumns(header, columns, where, problem);
      if (notUtf8) {
        unusable(where, `the header row is not valid UTF-8 (${saveAsUtf8}): no column is known`);
      } else if (!identifyingColumns.some((name) => header!.includes(name))) {
        // No row could name its user: one problem for the file, not one a row (a million for a large file of something else).
        unusable(
          where,
          'the header row has no objectId (id), userPrincipalName or displayName column to know a user by: this is no Users CSV',
        );
      }
      return;
    }
    if (notUtf8) {
      problem({ where, message: `the row is not valid UTF-8 (a byte that is no character); the row is skipped (${saveAsUtf8})` });
      return;
    }
    const entry = userFromRow(header, row, where, problem);
    if (!entry) return;
    typeNamesRead(row, where, columns, typeNameColumns, problem);
    ready.push(entry);
  };
  // Once the header is unreadable the file is skipped: what the rest of its chunk holds is not reported.
  const onProblem = ({ line, message }: { line: number; message: string }) => {
    if (!fileSkipped) problem({ where: `${file}:${line}`, message });
  };
  for await (const chunk of chunks) {
    if (!reader) {
      start += chunk;
      if (!/[\r\n]/.test(chunk) && start.length <= maxFieldLength) continue;
      reader = new CsvReader(csvSeparatorOf(start));
    }
    reader.push(start || chunk, onRow, onProblem);
    start = '';
    yield* ready.splice(0);
    // No column can be known: the rest is not read (an endless input, /dev/zero or /dev/urandom, would never end).
    if (fileSkipped) return;
    if (!header && reader.rowOversized) {
      unusable(file, `the header row is longer than ${maxFieldLength} characters: it is no Users CSV header`);
      return;
    }
  }
  reader ??= new CsvReader(csvSeparatorOf(start));
  if (start) reader.push(start, onRow, onProblem);
  reader.end(onRow, onProblem);
  yield* ready.splice(0);
  // No header, no user: as unusable as a header that names no column (a failed download is not an empty directory).
  if (!header) unusable(file, 'the file is empty: a Users CSV starts with a header row of column names');
}

/**
 * Says each attribute that two columns of the header name (`id` and `objectId`, `Mobile phone` and
 * `mobilePhone`, a column added twice by hand): a row's values are read in column order, so where
 * both hold one, the later column's is the attribute's, and the earlier one's would be lost unsaid.
 */
function sameAttributeColumns(
  header: readonly string[],
  columns: readonly string[],
  where: string,
  problem: (problem: DirectoryProblem) => void,
): void {
  const first = new Map<string, number>();
  header.forEach((name, index) => {
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, index);
      return;
    }
    problem({
      where,
      message: `the columns ${earlier + 1} (${JSON.stringify(columns[earlier])}) and ${index + 1} (${JSON.stringify(columns[index])}) are both ${name}: in a row where both hold a value, the later column's is read`,
      simulated: true,
    });
  });
}

/** The user of a row that is UTF-8; `where` is the row's place (`file:line`), as readUsersCsv names it. */
function userFromRow(
  header: readonly string[],
  row: CsvRow,
  where: string,
  problem: (problem: DirectoryProblem) => void,
): DirectoryEntry | undefined {
  // "Download users" writes every column for every user, an empty cell for no value: a row of another length is broken.
  if (row.fields.length !== header.length) {
    const guess = row.fields.length > header.length ? 'an unquoted comma?' : 'a value or comma missing?';
    problem({
      where,
      message: `the row has ${row.fields.length} values but the header names ${header.length} columns (${guess}); the row is skipped`,
    });
    return undefined;
  }
  const attributes: Record<string, unknown> = {};
  row.fields.forEach((text, index) => {
    if (text === '' || isDotNetTypeName(text)) return; // an empty cell is a null attribute
    const name = header[index];
    const value = booleans.has(name) ? booleanOf(text) : text;
    setOwn(attributes, name, value);
  });
  const id = sampleId(attributes);
  if (id === undefined) {
    problem({ where, message: 'the row has no objectId (id), userPrincipalName or displayName to know the user by; the row is skipped' });
    return undefined;
  }
  return { kind: 'user', sample: { id, attributes }, where };
}

/**
 * What PowerShell's `Export-Csv` writes for a property that holds a list or an object (`Get-MgUser |
 * Export-Csv`: `BusinessPhones` as `System.String[]`, `AdditionalProperties` as
 * ``System.Collections.Generic.Dictionary`2[System.String,System.Object]``, an expanded `Manager` as
 * `Microsoft.Graph.PowerShell.Models.MicrosoftGraphDirectoryObject`): its .NET type's name, no value
 * of the user's. Only a System type with brackets (an array or a generic) or a Graph SDK model, so
 * a value such as "Microsoft.Sales" stays a value.
 */
function isDotNetTypeName(text: string): boolean {
  return /^System\.[\w.]+(?:`\d+)?\[[\w.,`[\] ]*\]$/.test(text) || /^Microsoft\.Graph\.PowerShell\.Models\.\w+(?:\[\])?$/.test(text);
}

/**
 * Says, once per column, a .NET type name read as an empty cell (isDotNetTypeName): the user is
 * simulated without that value. Only for a column a mapping reads (`BusinessPhones`, `Manager`), not
 * the SDK's own (`AdditionalProperties`, in every such export): `said` holds those from the header on.
 */
function typeNamesRead(
  row: CsvRow,
  where: string,
  columns: readonly string[],
  said: Set<number>,
  problem: (problem: DirectoryProblem) => void,
): void {
  row.fields.forEach((text, index) => {
    if (said.has(index) || !isDotNetTypeName(text)) return;
    said.add(index);
    problem({
      where,
      message: `the column "${columns[index]}" holds ${JSON.stringify(text)}, the name of a .NET type that PowerShell's Export-Csv writes for a list or an object, not a value: it is read as empty, in this row and any other (select the values themselves before Export-Csv, with a calculated property of Select-Object, or download the users from the admin center)`,
      simulated: true,
    });
  });
}

/** The CSV's booleans as Entra's attributes hold them; anything else stays text (a mapping may still read it). */
function booleanOf(text: string): boolean | string {
  const lower = text.trim().toLowerCase();
  if (lower === 'true' || lower === 'yes') return true;
  if (lower === 'false' || lower === 'no') return false;
  return text;
}

/** The columns a user is known by, in the order sampleId tries them. */
const identifyingColumns = ['objectId', 'userPrincipalName', 'displayName'];

function sampleId(attributes: SourceObject): string | undefined {
  for (const key of identifyingColumns) {
    const value = attributes[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

// ---- Microsoft Graph JSON ----

/**
 * Reads Graph `GET /users` or `GET /groups` answers: one page `{"value": [...]}`, an array of pages,
 * or several pages written one after another; or bare objects, alone or in an array (`az ad user
 * list`, a page's `value` saved by jq, a `GET /users/{id}` answer). What an object is: its own `@odata.type` when it has
 * one (`#microsoft.graph.group`, `#microsoft.graph.user`), else its page's `@odata.context`
 * (`.../$metadata#groups(id,displayName)`), else a group when it has `members` (from
 * `$expand=members`), `groupTypes` or `securityEnabled`, and a user otherwise. A file holding no
 * object and no page (`null`, `{"value": "x"}`, a saved error) is no directory at all: InputError,
 * rather than 0 objects; an empty page or `[]` is an empty directory.
 */
export function readGraphJson(
  text: string,
  file: string,
  problem: (problem: DirectoryProblem) => void,
  documents = jsonDocuments(text, file, problem),
  paging = new GraphPaging(),
): DirectoryEntry[] {
  const entries: DirectoryEntry[] = [];
  // Said once the file is known to hold something; a file that holds nothing fails with its first reason.
  const problems: DirectoryProblem[] = [];
  const said = (found: DirectoryProblem) => problems.push(found);
  // A Graph page, even an empty one, or an empty array (`jq .value` of an empty page) is a directory with nothing in it.
  let readable = false;
  documents.forEach((document, documentIndex) => {
    const pages = Array.isArray(document) ? document : [document];
    if (pages.length === 0) readable = true;
    pages.forEach((page, pageIndex) => {
      const pointer = `${documents.length > 1 ? `#${documentIndex + 1} ` : ''}${Array.isArray(document) ? `/${pageIndex}` : ''}`;
      const place = `${file} ${pointer.trimEnd() || '/'}`;
      if (isRecord(page) && !('value' in page) && isRecord(page.error)) {
        said({ where: place, message: `${graphErrorOf(page.error)}; skipped` });
        return;
      }
      if (isRecord(page) && !('value' in page) && Array.isArray(page.schemas)) {
        said({
          where: place,
          message: "a SCIM ListResponse or resource, not Microsoft Graph's: the target's state is given with --target-state; skipped",
        });
        return;
      }
      if (isRecord(page) && !('value' in page)) {
        // A bare object: an array of them (`az ad user list`, jq's `.value`), or one `GET /users/{id}` answer.
        const entry = graphEntry(page, place, said, graphPageKind(page['@odata.context']));
        if (entry) entries.push(entry);
        return;
      }
      if (!isRecord(page) || !Array.isArray(page.value)) {
        said({
          where: place,
          message: 'not a Microsoft Graph page or directory object: expected an object with a "value" array, or a user or group',
        });
        return;
      }
      const { own: repeated } = repeatedKeysOf(page);
      if (repeated.length > 0) {
        said({ where: place, message: `${repeated.join('; ')}; the page is skipped` });
        return;
      }
      const pageKind = graphPageKind(page['@odata.context']);
      paging.page(pageKind, place, typeof page['@odata.nextLink'] === 'string');
      if (page.value.length === 0) readable = true;
      page.value.forEach((item, index) => {
        const where = `${file} ${pointer}/value/${index}`;
        const entry = graphEntry(item, where, said, pageKind);
        if (!entry) return;
        entries.push(entry);
      });
    });
  });
  if (entries.length === 0 && !readable) {
    const skipped = problems.filter((found) => !found.simulated);
    const [first] = skipped;
    throw nothingRead(
      first?.where ?? file,
      first?.message.replace(/; skipped$/, ''),
      skipped.length,
      'the directory (no user or group, no Microsoft Graph page of them)',
    );
  }
  for (const found of problems) problem(found);
  completeAssignments(entries);
  return entries;
}

type GraphKind = DirectoryEntry['kind'];

/** The most objects Graph's `$expand` returns for a directory object's relationship (`members`): Microsoft Graph known issues. */
const maxExpandedObjects = 20;

/**
 * Graph's paging over the files of one input: a `GET /users` answer holds 100 users by default and
 * an `@odata.nextLink` to the rest. When the last page of a kind read (in the input's order, over
 * every file: pages may be saved one to a file) still has one, the pages after it are missing, and
 * so are their objects: said once per kind, with that page's place, rather than simulating part of
 * the directory as if it were all of it.
 */
export class GraphPaging {
  /** Kind (`user`, `group`, or `object` when the page does not say) -> the place of its last page, while that page has a nextLink. */
  private readonly unfollowed = new Map<string, string>();

  page(kind: GraphKind | undefined, where: string, hasNextLink: boolean): void {
    if (hasNextLink) this.unfollowed.set(kind ?? 'object', where);
    else this.unfollowed.delete(kind ?? 'object');
  }

  /** Reports each kind whose last page has a nextLink; call once every file is read. */
  report(problem: (problem: DirectoryProblem) => void): void {
    for (const [kind, where] of this.unfollowed)
      problem({
        where,
        message: `this page, the last page of ${kind}s read, has an @odata.nextLink: Microsoft Graph has more ${kind}s (a page holds 100 by default), and the pages after it are not in the input, so their ${kind}s are not simulated; save every page (follow each @odata.nextLink and append its answer), or use the Users CSV`,
      });
  }
}

/** A Graph error answer saved where a page was (`{"error": {"code": ..., "message": ...}}`): the request that saved it failed. */
function graphErrorOf(error: Record<string, unknown>): string {
  const said = [error.code, error.message].filter((value) => typeof value === 'string' && value !== '').join(': ');
  return `a Microsoft Graph error response${said ? ` (${said})` : ''}, not a page of users or groups: the request that saved it failed`;
}

/**
 * The kind of object a page lists, from its `@odata.context`: `$metadata#users`, `#groups`, with the
 * `$select`ed properties (`#groups(id,displayName)`), a suffix such as `/$delta`, or a cast
 * (`#Collection(microsoft.graph.group)`); undefined for mixed lists (`#directoryObjects`, a group's
 * `/members`) and for a navigation from one object (`#users('id')/...`).
 */
function graphPageKind(context: unknown): GraphKind | undefined {
  if (typeof context !== 'string') return undefined;
  const found = /\$metadata#(?:(user|group)s(?:$|[(/](?!'))|Collection\(microsoft\.graph\.(user|group)\))/.exec(context);
  return (found?.[1] ?? found?.[2]) as GraphKind | undefined;
}

function graphEntry(
  object: unknown,
  where: string,
  problem: (problem: DirectoryProblem) => void,
  pageKind: GraphKind | undefined,
): DirectoryEntry | undefined {
  if (!isRecord(object)) {
    problem({ where, message: 'not a directory object (expected a JSON object); skipped' });
    return undefined;
  }
  const { within: repeated } = repeatedKeysOf(object);
  if (repeated.length > 0) {
    problem({ where, message: `${repeated.join('; ')}; skipped` });
    return undefined;
  }
  const item = 'Id' in object && !('id' in object) ? (graphCased(object) as Record<string, unknown>) : object;
  const ownType = item['@odata.type'];
  const isGroup =
    ownType === '#microsoft.graph.group' ||
    (ownType !== '#microsoft.graph.user' &&
      (pageKind ? pageKind === 'group' : Array.isArray(item.members) || 'groupTypes' in item || 'securityEnabled' in item));
  const attributes: Record<string, unknown> = {};
  const members: string[] = [];
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith('@odata.') || name.endsWith('@odata.context') || name.endsWith('@odata.nextLink')) continue;
    if (name === directoryAttributes.extensionAttributesProperty && isRecord(value)) {
      for (const [extension, text] of Object.entries(value)) if (text !== null && text !== undefined) setOwn(attributes, extension, text);
    } else if (name === directoryAttributes.orgDataProperty && isRecord(value)) {
      for (const [field, text] of Object.entries(value))
        if (text !== null && text !== undefined) setOwn(attributes, `${name}.${field}`, text);
    } else if (name === 'manager') {
      const id = isRecord(value) && typeof value.id === 'string' ? value.id : undefined;
      if (id) setOwn(attributes, 'manager', { ref: id });
    } else if (name === 'members' && isGroup && Array.isArray(value)) {
      for (const member of value) if (isRecord(member) && typeof member.id === 'string') members.push(member.id);
    } else if (name === 'appRoleAssignments' && Array.isArray(value)) {
      setOwn(
        attributes,
        name,
        value.filter(isRecord).map((assignment) => ({
          value: String(assignment.appRoleId ?? ''),
          ...(typeof assignment.resourceDisplayName === 'string' ? { displayName: assignment.resourceDisplayName } : {}),
        })),
      );
    } else if (value !== null && value !== undefined) {
      const attribute = attributeNameOf(name);
      const converted = name === 'businessPhones' && Array.isArray(value) ? value[0] : value;
      if (converted === undefined) continue;
      if (Array.isArray(converted) && !multiValued.has(attribute) && converted.every((element) => typeof element === 'string'))
        setOwn(attributes, attribute, converted);
      else if (isRecord(converted) || (Array.isArray(converted) && !converted.every((element) => typeof element === 'string')))
        continue; // navigation properties the mapping cannot read
      else setOwn(attributes, attribute, converted);
    }
  }
  const id = sampleId(attributes);
  if (id === undefined) {
    problem({ where, message: 'the object has no id, userPrincipalName or displayName; skipped' });
    return undefined;
  }
  // A number past a double's range (`1e999`) is JSON, but no directory value: the file is broken, not the mapping or Entra.
  const outOfRange = outOfRangeAttribute(attributes);
  if (outOfRange) {
    problem({
      where,
      message: `"${outOfRange}" is a number past the range any reader holds (JSON.parse reads it as infinite), which no Microsoft Graph property holds: the file is broken here; skipped`,
    });
    return undefined;
  }
  if (isGroup && Array.isArray(item.members) && (item.members.length === maxExpandedObjects || 'members@odata.nextLink' in item))
    problem({
      where,
      message: `the group's expanded members are ${item.members.length}, and Graph's $expand returns at most ${maxExpandedObjects} with no @odata.nextLink (Microsoft Graph known issues), so the group may have members the input does not hold: the group is simulated with these only, and a member the target has beyond them is removed; for them all, read GET /groups/{id}/members (every page) into a samples file's "members"`,
      simulated: true,
    });
  return isGroup ? { kind: 'group', sample: { id, attributes, members }, where } : { kind: 'user', sample: { id, attributes }, where };
}

/** A JSON number past a double's range (`1e999`), which JSON.parse reads as Infinity. */
export function isOutOfRange(value: unknown): boolean {
  return typeof value === 'number' && !Number.isFinite(value);
}

/** The first attribute holding a number past a double's range, itself or in its list; a plain loop, run for every object of a large export. */
function outOfRangeAttribute(attributes: Record<string, unknown>): string | undefined {
  for (const name in attributes) {
    const value = attributes[name];
    if (isOutOfRange(value) || (Array.isArray(value) && value.some(isOutOfRange))) return name;
  }
  return undefined;
}

/**
 * An object of the Microsoft Graph PowerShell SDK saved as JSON (`Get-MgUser | ConvertTo-Json`),
 * whose properties are Graph's with a capital first letter (`Id`, `BusinessPhones`, `Manager.Id`,
 * `OnPremisesExtensionAttributes.ExtensionAttribute1`), with Graph's names at every level, so it is
 * read as Graph's own JSON is. Its `AdditionalProperties` is a navigation object, left out as one.
 */
function graphCased(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(graphCased);
  if (!isRecord(value)) return value;
  const cased: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) setOwn(cased, name.charAt(0).toLowerCase() + name.slice(1), graphCased(inner));
  return cased;
}

/**
 * A document of pages (Microsoft Graph's `{"value": [...]}`, a target's ListResponse pages) parsed
 * keeping every digit of an integer past 2^53 (parseKeepingLongIntegers): a directory extension of
 * type Int64 reaches expressions as its digits, as Entra's values do. Pages and arrays of pages hold
 * objects three levels down; a resource nested deeper than maxJsonDepth is refused (tooDeeplyNested).
 * Only a document holding such an integer is parsed twice.
 */
export function parsePages(json: string): unknown {
  const document = parseKeepingLongIntegers(json, maxJsonDepth + 3);
  for (const { holder, message } of repeatedKeysIn(json)) markRepeatedKey(document, holder, message);
  return document;
}

/** What is wrong with the keys of an object parsed by parsePages: `own` for the keys it repeats, `within` for those it or anything it holds repeats. */
interface RepeatedKeysOf {
  readonly own: string[];
  readonly within: string[];
}

/**
 * The objects of parsed documents that give a key twice with different values, or hold one that does:
 * JSON.parse keeps the last without a word (a user's second jobTitle, a page's second, empty
 * "Resources"), so each reader reports the entry (or page) that holds one and skips it.
 */
const repeatedKeys = new WeakMap<object, RepeatedKeysOf>();

function markRepeatedKey(document: unknown, holder: readonly string[], message: string): void {
  let value = document;
  for (let depth = 0; depth <= holder.length && value !== null && typeof value === 'object'; depth++) {
    let marks = repeatedKeys.get(value);
    if (!marks) repeatedKeys.set(value, (marks = { own: [], within: [] }));
    marks.within.push(message);
    if (depth === holder.length) marks.own.push(message);
    else value = Object.hasOwn(value, holder[depth]) ? (value as Record<string, unknown>)[holder[depth]] : undefined;
  }
}

/** What parsePages found wrong with `value`'s own keys (`own`) and those of anything it holds (`within`); nothing for a value it did not read. */
export function repeatedKeysOf(value: unknown): RepeatedKeysOf {
  return (value !== null && typeof value === 'object' && repeatedKeys.get(value)) || { own: [], within: [] };
}

/**
 * One JSON document, or several written one after another (pages saved by appending: Graph pages,
 * a target's ListResponse pages), each read by parsePages. A document
 * that cannot be read is reported and skipped; a file none of whose documents can be read (its only
 * document cut off, text that is no JSON) is no input at all and throws InputError.
 * A document cut off before the next one (an interrupted `curl >> pages.json`, then a re-run) would
 * take the documents after it in: a `{` or `[` at the start of a line inside a document, whose
 * brackets close before another document or the end of the file and which parses, is the next
 * document, and the one before it is reported as cut off.
 */
export function jsonDocuments(text: string, file: string, problem: (problem: DirectoryProblem) => void): unknown[] {
  const body = text.replace(/^\uFEFF/, '');
  try {
    return [parsePages(body)];
  } catch {
    // Several documents: split at the top level, strings respected.
  }
  const documents: unknown[] = [];
  // What could not be read, and what of the file that skips.
  const unreadable: Array<{ readonly where: string; readonly reason: string; readonly skipped: string }> = [];
  let closes: Map<number, number> | undefined;
  /** The document starting at `at`, a line start inside another, if it is one (see above). */
  const documentAt = (at: number): { value: unknown; end: number } | undefined => {
    closes ??= lineStartBracketCloses(body, at);
    const end = closes.get(at);
    if (end === undefined) return undefined;
    const next = /\S/g;
    next.lastIndex = end + 1;
    if (!/^[[{]?$/.test(next.exec(body)?.[0] ?? '')) return undefined; // an element: a comma or bracket follows
    try {
      return { value: parsePages(body.slice(at, end + 1)), end };
    } catch {
      return undefined;
    }
  };
  let depth = 0;
  let start = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '{' || c === '[') {
      const next = depth > 0 && atLineStart(body, i) ? documentAt(i) : undefined;
      if (next) {
        unreadable.push({
          where: `document at offset ${start}`,
          reason: `the JSON document is cut off (the document at offset ${i} starts before it ends)`,
          skipped: 'skipped',
        });
        documents.push(next.value);
        [i, depth, start] = [next.end, 0, -1];
      } else if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0 && start >= 0) {
        try {
          documents.push(parsePages(body.slice(start, i + 1)));
        } catch (error) {
          unreadable.push({
            where: `document at offset ${start}`,
            reason: `not valid JSON: ${(error as Error).message}`,
            skipped: 'skipped',
          });
        }
        start = -1;
      } else if (depth < 0) {
        unreadable.push({ where: `offset ${i}`, reason: 'unbalanced brackets', skipped: 'the rest of the file is skipped' });
        break;
      }
    } else if (depth === 0) {
      if (/\s/.test(c)) continue;
      unreadable.push({
        where: `offset ${i}`,
        reason: `unexpected "${c}" between JSON documents`,
        skipped: 'the rest of the file is skipped',
      });
      break;
    } else if (c === '"') {
      i = stringEnd(body, i);
    }
  }
  if (depth > 0)
    unreadable.push({
      where: `document at offset ${start}`,
      reason: 'the JSON document is cut off (the file ends inside it)',
      skipped: 'skipped',
    });
  if (documents.length === 0) {
    const first = unreadable[0] ?? { where: 'offset 0', reason: 'no JSON document' };
    throw new InputError(`${file} (${first.where}): ${first.reason}, so nothing in the file could be read`);
  }
  for (const { where, reason, skipped } of unreadable) problem({ where: `${file} (${where})`, message: `${reason}; ${skipped}` });
  return documents;
}

function atLineStart(body: string, at: number): boolean {
  return body[at - 1] === '\n' || body[at - 1] === '\r';
}

/**
 * Where the JSON string opened at `at` ends: its closing quote, the line break that cuts it (JSON
 * strings hold none, so no line start is inside a string, however a document was cut), or the end.
 */
function stringEnd(body: string, at: number): number {
  for (let i = at + 1; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === '\n' || c === '\r') return i;
    if (c === '\\' && body[i + 1] !== '\n' && body[i + 1] !== '\r') i++;
  }
  return body.length;
}

/**
 * From `from` (a line start) on: each `{` or `[` at a line start and the offset of the bracket that
 * closes it. Read once for every line start after a cut, so finding the next document stays linear.
 */
function lineStartBracketCloses(body: string, from: number): Map<number, number> {
  const closes = new Map<number, number>();
  const open: number[] = [];
  for (let i = from; i < body.length; i++) {
    const c = body[i];
    if (c === '"') i = stringEnd(body, i);
    else if (c === '{' || c === '[') open.push(i);
    else if (c === '}' || c === ']') {
      const at = open.pop();
      if (at !== undefined && atLineStart(body, at)) closes.set(at, i);
    }
  }
  return closes;
}

// ---- samples files ----

/**
 * A samples file as a directory: an entry with a mistake is reported with its place and skipped, the
 * rest is read (the preview refuses the whole file instead). References are checked across the
 * directory input (readDirectoryFiles), as another file may hold the manager or member.
 */
export function readSamplesJson(text: string, file: string, problem: (problem: DirectoryProblem) => void): DirectoryEntry[] {
  const read = readSampleEntries(text);
  if (!read.ok) throw nothingReadInSamples(file, read.errors);
  // Said once the file is known to hold something: a file of which nothing can be read is an unusable input.
  const problems: DirectoryProblem[] = read.value.fileErrors.map((message) => ({ where: file, message }));
  const skipped: string[] = [];
  const readable = <T>(entries: ReadonlyArray<SampleEntry<T>>) =>
    entries.flatMap(({ sample, errors }) => {
      if (sample && errors.length === 0) return [sample];
      // Each error starts with the entry's place (`users[3].accountEnabled must be ...`).
      skipped.push(errors.join('; '));
      problems.push({ where: file, message: `${errors.join('; ')}; skipped` });
      return [];
    });
  const entries: DirectoryEntry[] = [
    ...readable(read.value.users).map((sample): DirectoryEntry => ({ kind: 'user', sample, where: `${file} user "${sample.id}"` })),
    ...readable(read.value.groups).map((sample): DirectoryEntry => ({ kind: 'group', sample, where: `${file} group "${sample.id}"` })),
  ];
  if (entries.length === 0 && problems.length > 0) throw nothingReadInSamples(file, [...read.value.fileErrors, ...skipped]);
  for (const found of problems) problem(found);
  if (entries.length === 0 && read.value.errors.length === 0) problem({ where: file, message: noSamples });
  completeAssignments(entries);
  return entries;
}

function nothingReadInSamples(file: string, reasons: readonly string[]): InputError {
  return nothingRead(file, reasons[0], reasons.length, 'the directory (no sample user or group)');
}

/**
 * A file's users (or groups) that carry app role assignments say who is assigned: one of them without
 * any in the same file is assigned to nothing (Graph writes `[]` with $expand=appRoleAssignments).
 * A kind no object of the file carries them for keeps not having them: its assignment is unknown, and
 * the cycle counts those objects as assigned (a Users CSV, a groups page without the expand).
 */
function completeAssignments(entries: readonly DirectoryEntry[]): void {
  for (const kind of ['user', 'group'] as const) {
    const ofKind = entries.filter((entry) => entry.kind === kind);
    if (!ofKind.some((entry) => 'appRoleAssignments' in entry.sample.attributes)) continue;
    for (const { sample } of ofKind) if (!('appRoleAssignments' in sample.attributes)) setOwn(sample.attributes, 'appRoleAssignments', []);
  }
}
