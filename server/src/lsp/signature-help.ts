// Signature help inside function calls: the catalogue's signatures (FormatDateTime has two), with
// the active parameter found by counting argument slots, empty ones included
// (`Switch([x], , "a", "b")`), and repeating parameters (Switch's key/value pairs, Join's and
// Coalesce's sources) mapped back to their one label.
import { MarkupKind, SignatureHelpRequest, type SignatureHelp, type SignatureInformation } from 'vscode-languageserver';
import type { Call } from '../syntax/ast';
import { innermost, nodePathAt } from '../syntax/node-path';
import { cursorContext, type CallFrame } from '../syntax/cursor-context';
import {
  acceptsArgumentCount,
  arityOf,
  findFunction,
  findFunctionIgnoreCase,
  parameterAt,
  type FunctionInfo,
  type FunctionSignature,
} from '../schema/functions';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';
import { signatureParts } from '../documentation/markdown';

/**
 * Picks the form that fits the call as written: its argument count, and empty slots only where
 * parameters are optional. The slot at the cursor is being typed, so its emptiness says nothing.
 */
function activeSignatureIndex(fn: FunctionInfo, call: Call | undefined, frame: CallFrame): number {
  const count = Math.max(frame.argIndex + 1, call?.args.length ?? 0);
  const emptySlotsOptional = (signature: FunctionSignature) =>
    (call?.args ?? []).every(
      (arg, index) => arg !== undefined || index === frame.argIndex || parameterAt(signature, index)?.required === false,
    );
  const roomFor = (signature: FunctionSignature) => {
    const { max } = arityOf(signature);
    return max === undefined || max >= count;
  };
  const tiers: Array<(signature: FunctionSignature) => boolean> = [
    (signature) => acceptsArgumentCount(signature, count) && emptySlotsOptional(signature),
    (signature) => roomFor(signature) && emptySlotsOptional(signature),
    roomFor,
  ];
  for (const fits of tiers) {
    const index = fn.signatures.findIndex(fits);
    if (index >= 0) return index;
  }
  return 0;
}

export function signatureHelp(document: AnalyzedDocument, offset: number): SignatureHelp | null {
  const frame = cursorContext(document.file, document.text, offset).calls.at(-1);
  if (!frame) return null;
  const fn = findFunction(frame.name) ?? findFunctionIgnoreCase(frame.name);
  if (!fn) return null;
  const path = nodePathAt(document.file, frame.openParen);
  const expression = innermost(path, 'expression')?.node;
  const call = expression?.kind === 'call' && expression.openParen?.start === frame.openParen ? expression : undefined;
  const signatures = fn.signatures.map((signature): SignatureInformation => {
    const parts = signatureParts(fn, signature);
    const active = parameterAt(signature, frame.argIndex);
    return {
      label: parts.label,
      documentation: { kind: MarkupKind.Markdown, value: fn.description },
      parameters: signature.parameters.map((parameter, index) => ({
        label: parts.parameters[index],
        documentation: { kind: MarkupKind.Markdown, value: parameterDocumentation(parameter) },
      })),
      // Past the last parameter of a fixed signature nothing is highlighted (an out-of-range index).
      activeParameter: active ? signature.parameters.indexOf(active) : signature.parameters.length,
    };
  });
  const activeSignature = activeSignatureIndex(fn, call, frame);
  return { signatures, activeSignature, activeParameter: signatures[activeSignature].activeParameter };
}

function parameterDocumentation(parameter: FunctionSignature['parameters'][number]): string {
  const flags = [parameter.type, parameter.required ? 'required' : 'optional', ...(parameter.repeating ? ['repeating'] : [])];
  const values = parameter.values ? ` One of: ${parameter.values.map((v) => `\`${v}\``).join(', ')}.` : '';
  return `*${flags.join(', ')}*: ${parameter.description}${values}`;
}

export const signatureHelpFeature: Feature = {
  capabilities: { signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [')'] } },
  register(handlers) {
    handlers.onDocumentRequest(SignatureHelpRequest.type, (document, { position }) =>
      signatureHelp(document, document.lines.offsetAt(position)),
    );
  },
};
