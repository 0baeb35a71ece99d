// B2B guests' userPrincipalName as Entra's provisioning service reads it for the mappings (Microsoft
// Learn "How Application Provisioning works in Microsoft Entra ID", section "B2B (guest) users"): the
// directory stores a guest's address alias@theirdomain as `alias_theirdomain#EXT#@yourdomain`, and
// when userPrincipalName is a mapping's source attribute, `#EXT#` and yourdomain are stripped, "so
// only their original alias@theirdomain is used for matching or provisioning";
// originalUserPrincipalName keeps the full form. One function for every preview, simulation and run.
import type { RequestNote } from './types';

/** A userPrincipalName in the guest form, and what Entra's mappings read instead. */
export interface GuestUserPrincipalName {
  /** As the directory stores it: `kenji_fabrikam.com#EXT#@contoso.onmicrosoft.com`. */
  readonly stored: string;
  /** What flows to the target: `kenji@fabrikam.com`. */
  readonly flowing: string;
  /**
   * `documented`: the `alias_theirdomain#EXT#@yourdomain` form. `marker-only`: no underscore names
   * their domain, so only `#EXT#` goes, as the page's earlier revision showed (`alias#EXT#@domain.com`
   * -> `alias@domain.com`); what Entra does with such a UPN is unverified.
   */
  readonly form: 'documented' | 'marker-only';
}

/** `#EXT#` (any case: UPNs compare ignoring case) right before the last `@`. */
const guestMarker = /#EXT#@([^@]*)$/i;

/**
 * The guest form of a userPrincipalName, or undefined for any other value. Their domain follows the
 * LAST underscore before `#EXT#`: a domain name cannot contain `_`, an alias can
 * (`first_last_fabrikam.com#EXT#@...` is `first_last@fabrikam.com`).
 */
export function guestUserPrincipalName(value: unknown): GuestUserPrincipalName | undefined {
  // Most users are members: one character test before any regular expression.
  if (typeof value !== 'string' || !value.includes('#')) return undefined;
  const marker = guestMarker.exec(value);
  if (!marker) return undefined;
  const local = value.slice(0, marker.index);
  if (local === '' || local.includes('@')) return undefined;
  const underscore = local.lastIndexOf('_');
  if (underscore > 0 && underscore < local.length - 1)
    return { stored: value, flowing: `${local.slice(0, underscore)}@${local.slice(underscore + 1)}`, form: 'documented' };
  return { stored: value, flowing: `${local}@${marker[1]}`, form: 'marker-only' };
}

/**
 * A user's attributes as the mappings read them: a guest's userPrincipalName stripped, and
 * originalUserPrincipalName the stored form when the sample does not give it. Returns the same
 * object when nothing changes; `guest` says what was stripped.
 */
export function flowingUserAttributes(attributes: Readonly<Record<string, unknown>>): {
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly guest?: GuestUserPrincipalName;
} {
  const guest = guestUserPrincipalName(attributes.userPrincipalName);
  if (!guest) return { attributes };
  const flowing: Record<string, unknown> = { ...attributes, userPrincipalName: guest.flowing };
  if (flowing.originalUserPrincipalName === undefined || flowing.originalUserPrincipalName === null)
    flowing.originalUserPrincipalName = guest.stored;
  return { attributes: flowing, guest };
}

/** The preview's note for a guest whose userPrincipalName was stripped. */
export function guestNote(guest: GuestUserPrincipalName): RequestNote {
  const form =
    guest.form === 'documented'
      ? ''
      : ' No underscore separates an alias from their domain, so only #EXT# is removed (the form an earlier revision of the page showed; unverified).';
  return {
    severity: 'information',
    message: `B2B guest: Entra strips #EXT# and the inviting domain from the userPrincipalName "${guest.stored}", so mappings reading [userPrincipalName] send "${guest.flowing}" (matching included); [originalUserPrincipalName] keeps the full form (Microsoft Learn: How Application Provisioning works in Microsoft Entra ID, B2B (guest) users).${form}`,
  };
}
