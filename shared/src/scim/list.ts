// A SCIM collection read page by page (RFC 7644 §3.4.2.4): GET with startIndex and count, the next
// page starting after the resources received, until totalResults is reached, a page comes back
// empty, or (without totalResults) a page is shorter than asked. A server may cap its pages below
// count ("MAY return fewer results"), so a short page ends the read only when no total says there is
// more. Peers that misbehave are guarded against and said as warnings: a page repeating resources
// already read (startIndex ignored) stops the read, one that repeats some of them is read without
// the repeats (named), as does a read that outgrows what the server first announced, so a peer that never ends cannot loop forever; a totalResults that changes
// between pages is said once.
import type { ScimClient } from './client';
import { ScimError } from './errors';
import type { TimeBudget } from './http';
import { isRecord } from '../json-object';

export interface ListOptions {
  /** Further query parameters (filter, attributes). */
  readonly query?: Readonly<Record<string, string>>;
  /** Resources asked for per page; default 25. */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  /** A time budget the pages share (with the run's other calls). */
  readonly budget?: TimeBudget;
  /** After each page: the resources read so far and the total the server announces (undefined when it gives none). */
  readonly progress?: (read: number, total: number | undefined) => void;
  /** What the server did that the read worked around, for the user. */
  readonly warn?: (message: string) => void;
  /** Without a totalResults, stop after this many resources; default 5,000,000. */
  readonly maxResources?: number;
  /** After each page is received: the length of its text, before it is read (a read may throw to stop). */
  readonly received?: (characters: number) => void;
}

/**
 * Genesys Cloud: "a page size over 25 may exceed internal resource limits and return a 429" (API
 * reference of GET /api/v2/scim/v2/users), and 25 is its default.
 */
export const defaultPageSize = 25;

/** The resources of a collection, one page at a time; a ScimError when a page fails or is no ListResponse. */
export async function* listPages(client: ScimClient, path: string, options: ListOptions = {}): AsyncGenerator<unknown[]> {
  const { signal, budget, progress, warn } = options;
  const pageSize = Math.max(1, options.pageSize ?? defaultPageSize);
  const seen = new Set<string>();
  let startIndex = 1;
  let read = 0;
  /** Resources sent again under an id already read: left out of `read`, but sent. */
  let repeated = 0;
  let firstTotal: number | undefined;
  let total: number | undefined;
  let totalChanged = false;
  for (;;) {
    const query = { ...options.query, startIndex: String(startIndex), count: String(pageSize) };
    const { response, body } = await client.json({ method: 'GET', path, query, signal, budget });
    options.received?.(response.text.length);
    const where = client.requestLine({ method: 'GET', path, query });
    if (Array.isArray(body)) {
      // A bare array instead of a ListResponse: the whole collection at once.
      yield body;
      return;
    }
    if (!isRecord(body) || !Array.isArray(body.Resources)) {
      // RFC 7644 §3.4.2: Resources may be left out when there are none.
      if (isRecord(body) && body.totalResults === 0) return;
      throw new ScimError('notScim', `${where} did not answer with a ListResponse ("Resources" array): ${read} resources read before it.`);
    }
    const resources = body.Resources;
    const announced = typeof body.totalResults === 'number' && body.totalResults >= 0 ? body.totalResults : undefined;
    if (announced !== undefined) {
      if (total !== undefined && announced !== total && !totalChanged) {
        totalChanged = true;
        warn?.(
          `${path}: totalResults changed from ${total} to ${announced} between pages (the collection changed while it was read, or the server counts inconsistently); read on until a page came back empty.`,
        );
      }
      total = announced;
      firstTotal ??= announced;
    }
    const repeats: string[] = [];
    const fresh = resources.filter((resource) => {
      const id = isRecord(resource) && typeof resource.id === 'string' ? resource.id : undefined;
      if (id === undefined) return true;
      if (seen.has(id)) return !repeats.push(id);
      seen.add(id);
      return true;
    });
    if (resources.length > 0 && fresh.length === 0) {
      warn?.(
        `${path}: the page at startIndex ${startIndex} repeats resources already read (the server ignores startIndex); stopped with ${read}${total !== undefined ? ` of ${total}` : ''}.`,
      );
      return;
    }
    if (repeats.length > 0)
      warn?.(
        `${path}: the page at startIndex ${startIndex} sent ${repeats.map((id) => JSON.stringify(id)).join(', ')} again, under an id already read; one id is one resource, so the repeat is left out.`,
      );
    read += fresh.length;
    repeated += repeats.length;
    if (fresh.length > 0) yield fresh;
    progress?.(read, total);
    if (resources.length === 0) {
      if (total !== undefined && read + repeated < total)
        warn?.(`${path}: the server announced ${total} resources but sent ${read + repeated}.`);
      return;
    }
    if (total !== undefined ? read >= total && !totalChanged : resources.length < pageSize) return;
    const limit = firstTotal !== undefined ? 2 * firstTotal + pageSize : (options.maxResources ?? 5_000_000);
    if (read >= limit) {
      warn?.(
        `${path}: stopped after ${read} resources${firstTotal !== undefined ? `, twice the ${firstTotal} the server first announced` : ''}: the server keeps sending pages.`,
      );
      return;
    }
    startIndex += resources.length;
  }
}
