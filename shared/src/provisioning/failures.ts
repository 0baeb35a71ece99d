// A failed call of a provisioning run, told as what an admin must do about it (docs/provisioning.md
// "Errors"): the SCIM `scimType` of a 400 or 409 (RFC 7644 §3.12), a 404 on an object that was just
// matched, a write that failed or timed out and may or may not have been applied. Nothing here holds
// a secret: response text is redacted before it is read.
import { matchOnFilterableAttribute, redact, scimTypeOf, serverDetail, serverSaid, statusError, type ScimError } from '../scim/errors';
import { isGenesysEndpoint } from '../scim/endpoint';
import { retryAfterSeconds, type HttpResponse } from '../scim/http';
import type { StepName } from './run';

export interface StepFailure {
  /** `http` for an error status, else the transport's ScimError kind (timeout, connection, url...). */
  readonly kind: string;
  readonly status?: number;
  readonly scimType?: string;
  /** What happened, with the server's own words. */
  readonly message: string;
  /** What to do about it. */
  readonly action: string;
}

const scimTypeActions: Record<string, string> = {
  mutability: 'The request writes an attribute the target treats as read-only. Remove that mapping, or apply it only on create.',
  invalidValue: 'The target refused a value. Fix the mapping expression or the source value of the attribute the server names.',
  invalidSyntax:
    "The target could not read the request. Check the mapping's target paths and the PATCH format (--compat aadOptscim062020 if the Tenant URL carries that flag).",
  invalidPath:
    "The target does not know a path in the request. Check the target attribute names in the mapping against the endpoint's schema (scimmap test-connection --map lists missing ones).",
  noTarget: 'The path names an element the object does not have. Check the value filter of the target path (e.g. emails[type eq "work"]).',
  tooMany: 'The query matched more objects than the target returns. Match on a unique attribute.',
  invalidVers: 'The object changed in the target since it was read (its version no longer matches). Run again: the run reads it afresh.',
  sensitive: 'The request carried a sensitive value in a place the target refuses. Remove it from the mapping.',
};

/** Why a version condition the target asks for cannot be met: none is sent. */
const unconditionalWrites = 'This run, like Entra, sends no If-Match.';

/** What to do about a uniqueness conflict: which value Genesys Cloud keeps unique, and why its filter misses a user, only for Genesys Cloud. */
function uniquenessAction(genesys: boolean): string {
  return `Another object in the target already holds a value that must be unique (${genesys ? 'for Genesys Cloud, the userName' : "the server's words above usually name the attribute"}). Find it in the target: if it is this user, make the matching attribute find it${genesys ? ' (Genesys Cloud lists inactive users only with active eq false)' : ''}; otherwise free or change the value, then run again.`;
}

/** What to do about a scimType; the filtering and uniqueness advice names Genesys Cloud's rules only for Genesys Cloud. */
function scimTypeAction(type: string | undefined, genesys: boolean): string | undefined {
  if (type === 'invalidFilter') return `The target cannot filter on this matching attribute. ${matchOnFilterableAttribute(genesys)}`;
  if (type === 'uniqueness') return uniquenessAction(genesys);
  return type === undefined ? undefined : scimTypeActions[type];
}

/** The failure for a response with an error status. `request` says what was attempted, and in which step of the run. */
export function httpFailure(
  response: HttpResponse,
  request: { readonly method: string; readonly what: string; readonly step?: StepName },
  secrets: readonly string[],
): StepFailure {
  const status = response.status;
  const text = redact(response.text, secrets);
  const detail = serverDetail(text, secrets);
  const scimType = scimTypeOf(text);
  const said = serverSaid(detail);
  const write = request.method !== 'GET';
  const genesys = isGenesysEndpoint(response.url);
  if (status === 409) {
    const type = scimType ?? (request.method === 'POST' ? 'uniqueness' : undefined);
    return {
      kind: 'http',
      status,
      scimType,
      message: `409 Conflict${type ? ` (${type})` : ''} on ${request.what}.${said}`,
      action:
        scimTypeAction(type, genesys) ??
        'The target refused the change because of a conflict with its current state. Look the object up in the target, resolve the conflict, then run again.',
    };
  }
  if (status === 412) {
    // RFC 7644 §3.12/§3.14: the version (ETag) the request was made against is no longer the object's, as with a 409 invalidVers.
    return {
      kind: 'http',
      status,
      message: `412 Precondition Failed on ${request.what}: the object changed in the target since it was read (its version no longer matches).${said}`,
      action: `${scimTypeActions.invalidVers} ${unconditionalWrites} If it fails again, the target wants a version condition it cannot get: ask the app's vendor.`,
    };
  }
  if (status === 428) {
    // RFC 6585 §3: the target accepts only conditional writes; Entra sends none (RFC 7644 §3.14 makes them optional).
    return {
      kind: 'http',
      status,
      message: `428 Precondition Required on ${request.what}: the target accepts this write only with a version condition (If-Match with the object's ETag).${said}`,
      action: `${unconditionalWrites} Entra's writes to this app fail the same way: ask the app's vendor to accept writes without If-Match (RFC 7644 §3.14 makes it optional).`,
    };
  }
  if (status === 400) {
    return {
      kind: 'http',
      status,
      scimType,
      message: `400 Bad Request${scimType ? ` (${scimType})` : ''} on ${request.what}.${said}`,
      action:
        scimTypeAction(scimType, genesys) ??
        "The target refused the request. Read the server's words above: they usually name the attribute; fix its mapping or source value.",
    };
  }
  if (status === 404 && write && request.method !== 'POST') {
    return {
      kind: 'http',
      status,
      message: `404 Not Found on ${request.what}: the object was matched moments ago but is gone now (deleted in the target meanwhile).${said}`,
      action: "Entra's next cycle matches again and, finding nothing, creates the object anew. Run again to do the same.",
    };
  }
  if (status === 404 && request.step === 'result') {
    // The read-back follows a write the target accepted at this URL: the tenant URL is right.
    return {
      kind: 'http',
      status,
      message: `404 Not Found on ${request.what}: the object could not be read back (deleted in the target meanwhile, or not yet visible to reads); the write before it was applied.${said}`,
      action:
        "Nothing needs undoing: the target accepted the write. Look the object up in the target in a moment, or run again as a dry run: it matches the object afresh and shows what would still change (an object deleted meanwhile is created anew by a real run, as by Entra's next cycle).",
    };
  }
  const retryAfter = retryAfterSeconds(response.headers['retry-after']);
  const base = statusError(status, detail, retryAfter, genesys);
  if (status === 429) {
    // The transport answers a 429 only once its retries are used up (a wait it will not begin throws).
    return {
      kind: 'http',
      status,
      message: `${base.message.split(' Wait and try again')[0]} (on ${request.what})`,
      action: `The run already waited${retryAfter !== undefined ? ' as the server asked (Retry-After)' : ''} and retried. Wait a minute, stop other tools that use the same token, then run again.`,
    };
  }
  if (status >= 500 && write) {
    return {
      kind: 'http',
      status,
      message: `${status} on ${request.what}: the SCIM service failed on its side.${said}`,
      action:
        'A write is not retried automatically: it may have been applied. Run again: the run matches first, so an object created meanwhile is updated, not duplicated.',
    };
  }
  const actions: Record<number, string> = {
    401: 'Paste a fresh access token, or check the OAuth client id and secret of the connection.',
    403: `Give the account the permissions SCIM needs${genesys ? ' (Genesys Cloud: the "SCIM Integration" role, or directory:user:add/edit/delete and directory:group:edit)' : ''}.`,
    404: `Check the tenant URL${genesys ? ' (Genesys Cloud: https://api.<region domain>/api/v2/scim/v2)' : ": the app's SCIM root, the address /Users and /Groups follow"}.`,
  };
  const action =
    actions[status] ??
    (status >= 500
      ? 'The service failed even after retries: not a mapping problem. Try again later.'
      : "Read the server's words above and fix what they name.");
  return { kind: 'http', status, message: `${base.message} (on ${request.what})`, action };
}

/** The failure for a call that got no answer (timeout, refused connection, a URL rule, cancellation). */
export function transportFailure(error: ScimError, request: { readonly method: string; readonly what: string }): StepFailure {
  const write = request.method !== 'GET';
  const action =
    error.kind === 'timeout' && write
      ? 'A write that timed out may have been applied. Run again: the run matches first, so it is not applied twice.'
      : error.kind === 'cancelled'
        ? 'The run was cancelled; nothing more was sent.'
        : error.kind === 'rateLimited'
          ? 'The run did not wait: run again once the wait the server asked for has passed, and stop other tools that use the same token meanwhile.'
          : "Check the connection (scimmap test-connection runs the same calls Entra's Test Connection does), then run again.";
  // A message that names the request already (a time budget that ran out) is not prefixed with it again.
  const message = error.request === undefined ? `${request.what}: ${error.message}` : error.message;
  return { kind: error.kind, status: error.status, message, action };
}
