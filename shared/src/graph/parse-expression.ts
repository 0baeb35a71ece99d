// Entra as the oracle, the part the CLI and the extension share: each case's body goes to Graph's
// POST .../schema/parseExpression (Microsoft Learn: "synchronizationSchema: parseExpression") and
// Entra's parsingSucceeded/evaluationSucceeded/evaluationResult is compared with scimmap's own
// values. The cases (the bodies and scimmap's evaluation) come from the core (server/src/entra/verify.ts).
import type { GraphClient } from './client';
import { parseExpressionWithEntra } from './synchronization';
import { ScimError } from '../scim/errors';

export interface ParseExpressionBody {
  readonly expression: string;
  readonly testInputObject: { readonly definition: unknown; readonly properties: readonly TestInputProperty[] };
  readonly targetAttributeDefinition: unknown;
}

/**
 * A stringKeyObjectValuePair of the test object. A multi-valued one is a string collection annotated
 * as such, as in Microsoft Learn's example of parseExpression (`appRoleAssignments`).
 */
export type TestInputProperty =
  | { readonly key: string; readonly value: unknown }
  | { readonly key: string; readonly 'value@odata.type': '#Collection(String)'; readonly value: readonly string[] };

/** Graph's parseExpressionResponse (the members scimmap compares). */
export interface ParseExpressionAnswer {
  readonly parsingSucceeded?: boolean;
  readonly evaluationSucceeded?: boolean;
  readonly evaluationResult?: readonly string[] | null;
  readonly error?: { readonly code?: string; readonly message?: string } | null;
}

/** scimmap's values, as Entra lists them (none for null or an ignored flow), or why it cannot compare. */
export type OwnValues = { readonly values: readonly string[] } | { readonly error: string } | { readonly notComparable: string };

export interface VerifyCase {
  readonly object: string;
  readonly target: string;
  readonly body: ParseExpressionBody;
  readonly scimmap: OwnValues;
}

export type Verdict = 'same' | 'different' | 'notComparable';

export interface VerifyResult {
  readonly object: string;
  readonly target: string;
  readonly expression: string;
  readonly entra: ParseExpressionAnswer;
  readonly scimmap: OwnValues;
  readonly verdict: Verdict;
}

export interface VerifySummary {
  readonly same: number;
  readonly different: number;
  readonly notComparable: number;
}

/**
 * The members compared of Graph's answer, read rather than trusted: undefined when it is no object;
 * a member of another type is left out, and evaluationResult (a list of strings) is read as a list
 * of texts (one string as one value, another value as its JSON).
 */
export function readParseExpressionAnswer(answer: unknown): ParseExpressionAnswer | undefined {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
  const { parsingSucceeded, evaluationSucceeded, evaluationResult, error } = answer as Record<string, unknown>;
  const flag = (value: unknown) => (typeof value === 'boolean' ? value : undefined);
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  return {
    parsingSucceeded: flag(parsingSucceeded),
    evaluationSucceeded: flag(evaluationSucceeded),
    evaluationResult:
      evaluationResult === undefined || evaluationResult === null
        ? (evaluationResult as null | undefined)
        : Array.isArray(evaluationResult)
          ? evaluationResult.map(text)
          : [text(evaluationResult)],
    error: typeof error === 'object' && !Array.isArray(error) ? (error as ParseExpressionAnswer['error']) : undefined,
  };
}

/** Entra's answer against scimmap's: the same values, or both failing, is `same`. */
export function verdictOf(own: OwnValues, entra: ParseExpressionAnswer): Verdict {
  if ('notComparable' in own) return 'notComparable';
  if (entra.parsingSucceeded === false) return 'different'; // scimmap accepted it (the file has no errors)
  const entraFailed = entra.evaluationSucceeded === false;
  if ('error' in own || entraFailed) return 'error' in own && entraFailed ? 'same' : 'different';
  const values = entra.evaluationResult ?? [];
  return values.length === own.values.length && values.every((value, index) => value === own.values[index]) ? 'same' : 'different';
}

/** Sends every case to Entra in turn and compares; `progress` hears after each. */
export async function verifyWithEntra(
  graph: GraphClient,
  appId: string,
  jobId: string,
  cases: readonly VerifyCase[],
  signal?: AbortSignal,
  progress?: (done: number) => void,
): Promise<{ results: VerifyResult[]; summary: VerifySummary }> {
  const results: VerifyResult[] = [];
  for (const each of cases) {
    const entra = readParseExpressionAnswer(await parseExpressionWithEntra(graph, appId, jobId, each.body, signal));
    if (!entra)
      throw new ScimError(
        'notScim',
        `Graph answered parseExpression with no parseExpressionResponse (an object with parsingSucceeded, evaluationSucceeded and evaluationResult). Check ${graph.http.advice.url}.`,
      );
    results.push({
      object: each.object,
      target: each.target,
      expression: each.body.expression,
      entra,
      scimmap: each.scimmap,
      verdict: verdictOf(each.scimmap, entra),
    });
    progress?.(results.length);
  }
  const count = (verdict: Verdict) => results.filter((result) => result.verdict === verdict).length;
  return { results, summary: { same: count('same'), different: count('different'), notComparable: count('notComparable') } };
}

/** One result as the text lines verify-with-entra prints (and the extension's view shows). */
export function formatVerifyResult(result: VerifyResult): string {
  const head = `${result.object} ${result.target} <- ${result.expression}`;
  if (result.verdict === 'same') return `same           ${head}`;
  if ('notComparable' in result.scimmap) return `not comparable ${head}: ${result.scimmap.notComparable}`;
  return `DIFFERENT      ${head}\n  scimmap: ${ownText(result.scimmap)}\n  Entra:   ${entraText(result.entra)}`;
}

export function ownText(own: OwnValues): string {
  return 'error' in own ? `fails: ${own.error}` : 'values' in own ? JSON.stringify(own.values) : `not comparable: ${own.notComparable}`;
}

export function entraText(entra: ParseExpressionAnswer): string {
  return entra.parsingSucceeded === false
    ? `does not parse it${entra.error?.message ? `: ${entra.error.message}` : ''}`
    : entra.evaluationSucceeded === false
      ? `fails${entra.error?.message ? `: ${entra.error.message}` : ''}`
      : JSON.stringify(entra.evaluationResult ?? []);
}
