// The language additions an Entra import needs: a block header with the object mapping's identity
// (name, objects, rule) and the flowType / flowBehavior properties. Small cases, one construct each.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCarriedBlock } from '../../../server/src/syntax/ast';
import { parse } from '../../../server/src/syntax/parser';

function clean(text: string) {
  const result = parse(text);
  assert.deepEqual(result.diagnostics, [], 'no diagnostics');
  return result.file;
}

function errors(text: string): string[] {
  return parse(text).diagnostics.map((d) => `${text.slice(d.span.start, d.span.end)} | ${d.message}`);
}

describe('block header', () => {
  test('a name after the block keyword', () => {
    const block = clean('users "Provision Microsoft Entra ID Users" {\n  userName <- [mail]\n}\n').blocks[0];
    assert.equal(block.title?.value, 'Provision Microsoft Entra ID Users');
    assert.equal(block.mappings.length, 1);
  });

  test('from ... to ... gives the source and target objects, "" included', () => {
    const block = clean('users from "" to "customappssoInternalProfile" {\n  enabled false\n}\n').blocks[0];
    assert.equal(block.objects?.source?.value, '');
    assert.equal(block.objects?.target?.value, 'customappssoInternalProfile');
    assert.equal(isCarriedBlock(block), true);
  });

  test('a block from its usual object is not carried', () => {
    const block = clean('groups from "Group" to "urn:ietf:params:scim:schemas:core:2.0:Group" {\n}\n').blocks[0];
    assert.equal(isCarriedBlock(block), false);
  });

  test('rule, with name and objects, in that order', () => {
    const block = clean('users "Import" from "User" to "User" rule "USER_OUTBOUND_USER" {\n}\n').blocks[0];
    assert.equal(block.rule?.value?.value, 'USER_OUTBOUND_USER');
    assert.equal(block.objects?.target?.value, 'User');
  });

  test('a second block with another identity starts after the first', () => {
    const file = clean('users {\n  userName <- [mail]\n}\nusers from "" to "Internal" {\n  x <- none\n}\n');
    assert.equal(file.blocks.length, 2);
    assert.equal(file.blocks[1].objects?.target?.value, 'Internal');
  });

  test('an unclosed block ends where a block with a header starts', () => {
    const result = parse('users {\n  userName <- [mail]\nusers "Second" {\n}\n');
    assert.equal(result.file.blocks.length, 2);
    assert.equal(result.file.blocks[1].title?.value, 'Second');
  });

  test('missing pieces are reported where they are missing', () => {
    assert.deepEqual(errors('users from "User" {\n}\n'), [
      ' | Expected `to` and the target object after the source object, such as from "User" to "User"',
    ]);
    assert.deepEqual(errors('users rule {\n}\n'), [" | Expected the synchronization rule's name or id in quotes after `rule`"]);
    assert.deepEqual(errors('users rule "a" rule "b" {\n}\n'), ['rule "b" | The rule is already given for this block: keep one']);
  });
});

describe('flow and behavior properties', () => {
  test('flow takes any Entra flowType', () => {
    const mapping = clean('users {\n  nickName <- [mail]  flow ValueAddOnly  behavior FlowAlways\n}\n').blocks[0].mappings[0];
    assert.deepEqual(
      mapping.properties.map((p) => (p.kind === 'flow' ? p.flowType : p.kind === 'behavior' ? p.behavior : p.kind)),
      ['ValueAddOnly', 'FlowAlways'],
    );
  });

  test('an unknown value is reported with the allowed ones', () => {
    assert.deepEqual(errors('users {\n  title <- [mail] flow Sometimes\n}\n'), [
      'Sometimes | `Sometimes` is not an Entra flowType: use Always, ObjectAddOnly, MultiValueAddOnly, ValueAddOnly, AttributeAddOnly',
    ]);
  });

  test('flow and behavior stay ordinary target names', () => {
    const block = clean('users {\n  title <- [mail]\n  flow <- [x]\n  behavior.kind <- [y]\n}\n').blocks[0];
    assert.deepEqual(
      block.mappings.map((m) => m.target.text),
      ['title', 'flow', 'behavior.kind'],
    );
  });
});
