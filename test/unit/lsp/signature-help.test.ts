import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { signatureHelp } from '../../../server/src/lsp/signature-help';
import { analyzedDocument, atCursor, brokenInputs } from './analyzed-document';

/** The active signature's label and the text of its active parameter (undefined when none is). */
function helpAt(source: string): { signature: string; parameter: string | undefined; count: number } | undefined {
  const { document, offset } = atCursor(source);
  const help = signatureHelp(document, offset);
  if (!help) return undefined;
  const signature = help.signatures[help.activeSignature ?? 0];
  const parameter = signature.parameters?.[signature.activeParameter ?? -1]?.label as [number, number] | undefined;
  return {
    signature: signature.label,
    parameter: parameter && signature.label.slice(parameter[0], parameter[1]),
    count: help.signatures.length,
  };
}

describe('signature help', () => {
  const SWITCH = 'Switch(source, defaultValue?, key, value, …)';
  const cases: Array<{ source: string; signature: string; parameter: string | undefined }> = [
    { source: 'users {\n  active <- Switch(<|>', signature: SWITCH, parameter: 'source' },
    { source: 'users {\n  active <- Switch([IsSoftDeleted], <|>', signature: SWITCH, parameter: 'defaultValue?' },
    { source: 'users {\n  active <- Switch([IsSoftDeleted], , <|>', signature: SWITCH, parameter: 'key' },
    { source: 'users {\n  active <- Switch([IsSoftDeleted], , "False", <|>', signature: SWITCH, parameter: 'value' },
    { source: 'users {\n  active <- Switch([IsSoftDeleted], , "False", "True", <|>)\n}', signature: SWITCH, parameter: 'key' },
    {
      source: 'users {\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "Fa<|>lse")\n}',
      signature: SWITCH,
      parameter: 'value',
    },
    { source: 'users {\n  x <- Join(" ", <|>', signature: 'Join(separator, source, …)', parameter: 'source' },
    { source: 'users {\n  x <- Join(" ", [a], [b], [c], <|>)\n}', signature: 'Join(separator, source, …)', parameter: 'source' },
    { source: 'users {\n  x <- Join("<|>", [a])\n}', signature: 'Join(separator, source, …)', parameter: 'separator' },
    { source: 'users {\n  x <- Coalesce([a], [b], <|>)\n}', signature: 'Coalesce(source, …)', parameter: 'source' },
    {
      source: 'users {\n  x <- Replace([a], , "re", , <|>)\n}',
      signature: 'Replace(source, oldValue?, regexPattern?, regexGroupName?, replacementValue?, replacementAttributeName?, template?)',
      parameter: 'replacementValue?',
    },
    { source: 'users {\n  x <- ToLower([a], "en-US", <|>)\n}', signature: 'ToLower(source, culture?)', parameter: undefined },
    { source: 'users {\n  x <- Join(" ", ToLower(<|>), [b])\n}', signature: 'ToLower(source, culture?)', parameter: 'source' },
    { source: 'users {\n  x <- Join(" ", ToLower([a]), <|>[b])\n}', signature: 'Join(separator, source, …)', parameter: 'source' },
    { source: 'users {\n  x <- Join(" ",\n    [givenName],\n    <|>\n', signature: 'Join(separator, source, …)', parameter: 'source' },
    { source: 'users {\n  x <- switch([a], <|>', signature: SWITCH, parameter: 'defaultValue?' },
  ];
  for (const { source, signature, parameter } of cases) {
    test(JSON.stringify(source), () => {
      const help = helpAt(source);
      assert.ok(help, 'no signature help');
      assert.equal(help.signature, signature);
      assert.equal(help.parameter, parameter);
    });
  }

  // Issue 4 and the reference: both forms, the one the call as written fits active.
  describe('FormatDateTime has two forms', () => {
    const FOUR = 'FormatDateTime(source, dateTimeStyles?, inputFormat, outputFormat)';
    const THREE = 'FormatDateTime(source, inputFormat, outputFormat)';
    const forms: Array<[string, string, string]> = [
      ['users {\n  x <- FormatDateTime([a], <|>', FOUR, 'dateTimeStyles?'],
      ['users {\n  x <- FormatDateTime([a], , "yyyyMMdd", <|>', FOUR, 'outputFormat'],
      ['users {\n  x <- FormatDateTime([a], , "yyyyMMdd<|>", "yyyy")\n}', FOUR, 'inputFormat'],
      ['users {\n  x <- FormatDateTime([a], "yyyyMMdd", "yyyy<|>")\n}', THREE, 'outputFormat'],
      ['users {\n  x <- FormatDateTime([a], "yyyyMMdd<|>", "yyyy")\n}', THREE, 'inputFormat'],
      // The empty slot being typed in: the call as written has three slots.
      ['users {\n  x <- FormatDateTime([a], "yyyyMMdd", <|>)\n}', THREE, 'outputFormat'],
      ['users {\n  x <- FormatDateTime([a], <|>, "yyyy")\n}', THREE, 'inputFormat'],
      ['users {\n  x <- FormatDateTime([a], <|>, "yyyyMMdd", "yyyy")\n}', FOUR, 'dateTimeStyles?'],
    ];
    for (const [source, signature, parameter] of forms) {
      test(JSON.stringify(source), () => {
        assert.deepEqual(helpAt(source), { signature, parameter, count: 2 });
      });
    }
  });

  test('nothing outside a call, after its closing parenthesis, or for an unknown function', () => {
    assert.equal(helpAt('users {\n  x <- [a]<|>\n}'), undefined);
    assert.equal(helpAt('users {\n  x <- ToLower([a])<|>\n}'), undefined);
    assert.equal(helpAt('users {\n  x <- Frobnicate(<|>'), undefined);
  });

  test('parameters carry their catalogue description', () => {
    const { document, offset } = atCursor('users {\n  x <- InStr([a], "b", 1, <|>');
    const signature = signatureHelp(document, offset)!.signatures[0];
    const compareType = signature.parameters![3].documentation as { value: string };
    assert.match(compareType.value, /`vbTextCompare`, `vbBinaryCompare`/);
  });
});

test('signature help answers at every offset of broken input', () => {
  for (const text of brokenInputs) {
    const document = analyzedDocument(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const help = signatureHelp(document, offset);
      assert.ok(help === null || help.signatures.length > 0);
    }
  }
});
