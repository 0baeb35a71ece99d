// Incremental analysis for the language server: after an edit, reparse only the block items the
// edit touched and recheck only the mappings whose text changed, with results identical to
// analyze() of the whole text (test/unit/validation/incremental.test.ts compares them over random edits).
//
// A 2,000-mapping file is mostly one `users` block, so reparsing whole blocks is not enough. The
// parser is a plain function of the token stream, and between two block items its only state is
// which settings the block has seen. So a reparse may start at an item that starts its own line
// above the edit, provided the decisions before it looked only at unchanged tokens (parsers look
// at most three tokens ahead), and may stop at an old item start (or the block's `}`) on a line
// below the edit, once the parser reaches it between items with the same settings: from there on
// the old parse, moved by the edit's length, is what a whole-file parse would produce. Anything
// else (an edit outside a block body, a brace typed or deleted) reparses the file's items (blocks,
// declarations) the same way: from a block start above the edit to an old block start below it, once
// the parse reaches it between items. What does not line up again falls back to a whole-file parse;
// the per-mapping validation cache still spares the unchanged mappings.
//
// The parser keeps only the first errors it finds (FoundErrors): a splice keeps the old errors around
// the reparsed text only where they are the ones a whole parse would keep, and gives up otherwise.
import { analyzeParsed, chooseTarget, type Analysis, type TargetChoice } from './analyze';
import type { Diagnostic, MappingFile, ObjectBlock, Span } from '../syntax/ast';
import { moveActions, moveBlock, moveComment, moveEnabled, moveMapping, moveScope, shiftDiagnostic } from '../syntax/ast-shift';
import { tokenize } from '../syntax/lexer';
import {
  keptErrors,
  mayBeCutShort,
  parseBlockItems,
  parseFile,
  parseTopLevelItems,
  reportedDiagnostics,
  type FoundErrors,
  type ItemsParseResult,
  type ItemsStop,
} from '../syntax/parser';
import { MappingCheckCache } from './validate';

/** How an analysis was made: reused as is, by reparsing the block items or the file's items around the edit, or from scratch. */
export type AnalysisKind = 'unchanged' | 'items' | 'blocks' | 'full';

interface Parsed {
  readonly file: MappingFile;
  /** The errors as a whole-file parse finds them. */
  readonly errors: FoundErrors;
}

interface State extends Parsed {
  readonly text: string;
  readonly analysis: Analysis;
}

/** How many old item starts past the edit the reparsed text reaches, tried in turn. */
const WINDOW_REACH = [6, 40];
/** How many items above the edit a reparse may start at. */
const MAX_START_CANDIDATES = 8;

/** The analysis of successive versions of one document. */
export class IncrementalAnalyzer {
  private state: State | undefined;
  private readonly checks = new MappingCheckCache();
  private kind: AnalysisKind = 'full';

  /** `targets` finds the target schema each version declares (the server's resolves files beside the document). */
  constructor(private readonly targets: TargetChoice = {}) {}

  /** How the last analysis was made (for tests and the benchmark). */
  get lastKind(): AnalysisKind {
    return this.kind;
  }

  analyze(text: string): Analysis {
    const previous = this.state;
    // Before the reparse moves or drops the last version's nodes.
    this.checks.indexTexts();
    // The same text checked against the same target (its file may have changed on disk) is the same analysis.
    const sameText = previous?.text === text;
    if (sameText && chooseTarget(previous.file, this.targets).target === previous.analysis.target) {
      this.kind = 'unchanged';
      return previous.analysis;
    }
    let parsed: Parsed | undefined = sameText ? previous : undefined;
    this.kind = 'full';
    if (previous && !sameText) {
      const edit = findEdit(previous.text, text);
      parsed = reparseItems(previous, text, edit);
      if (parsed) this.kind = 'items';
      else if ((parsed = reparseTopLevel(previous, text, edit))) this.kind = 'blocks';
    }
    parsed ??= parseFile(text);
    const analysis = analyzeParsed(parsed.file, reportedDiagnostics(parsed.errors), text, this.targets, this.checks);
    this.state = { ...parsed, text, analysis };
    return analysis;
  }
}

/** The edit between two texts: the changed range in the old text and its replacement's end in the new. */
interface Edit {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  readonly delta: number;
}

/** Long equal stretches are compared a chunk at a time (a native comparison), the rest a character at a time. */
const CHUNK = 1024;

function findEdit(before: string, after: string): Edit {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start + CHUNK <= shorter && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  const room = shorter - start;
  let common = 0;
  while (
    common + CHUNK <= room &&
    before.slice(before.length - common - CHUNK, before.length - common) ===
      after.slice(after.length - common - CHUNK, after.length - common)
  )
    common += CHUNK;
  while (common < room && before.charCodeAt(before.length - 1 - common) === after.charCodeAt(after.length - 1 - common)) common++;
  return { start, oldEnd: before.length - common, newEnd: after.length - common, delta: after.length - before.length };
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

/** The offset just after the line break before `offset` (0 on the first line). */
function lineStartOf(text: string, offset: number): number {
  let p = offset;
  while (p > 0 && !isLineBreak(text.charCodeAt(p - 1))) p--;
  return p;
}

/** Is the text from `offset`'s line start up to it only whitespace (the token at `offset` starts its line)? */
function firstOnLine(text: string, offset: number): boolean {
  for (let p = offset - 1; p >= 0; p--) {
    const c = text.charCodeAt(p);
    if (isLineBreak(c)) return true;
    if (!(c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029)) return false;
  }
  return true;
}

function tokenCount(text: string, start: number, end: number): number {
  return start >= end ? 0 : tokenize(text.slice(start, end)).tokens.length;
}

/** The start offsets of a block's items (mappings, scopes, settings), in order. */
function itemStarts(block: ObjectBlock): number[] {
  const others = block.scopes.map((s) => s.span.start);
  if (block.enabled) others.push(block.enabled.span.start);
  if (block.actions) others.push(block.actions.span.start);
  const starts = block.mappings.map((m) => m.span.start);
  if (others.length === 0) return starts;
  // Mappings and scopes are each in order: merge them (the settings are at most two).
  others.sort((a, b) => a - b);
  const merged: number[] = [];
  let k = 0;
  for (const start of starts) {
    while (k < others.length && others[k] < start) merged.push(others[k++]);
    merged.push(start);
  }
  while (k < others.length) merged.push(others[k++]);
  return merged;
}

function reparseItems(previous: State, text: string, edit: Edit): Parsed | undefined {
  const blockIndex = previous.file.blocks.findIndex(
    (b) => b.openBrace !== undefined && b.openBrace.end <= edit.start && edit.oldEnd <= (b.closeBrace ? b.closeBrace.start : b.span.end),
  );
  if (blockIndex < 0) return undefined;
  // A target declared below the edit (itself an error) would move: parse the whole file.
  if (previous.file.target && previous.file.target.span.start >= edit.start) return undefined;
  // So would a provisioning setting (`sync`, `deletion threshold`) written below the edit.
  if (previous.file.cycle?.some((setting) => setting.span.start >= edit.start)) return undefined;
  const block = previous.file.blocks[blockIndex];
  const starts = itemStarts(block);
  const from = windowStart(text, block, starts, edit);
  if (from === undefined) return undefined;
  const anchors = anchorsAfter(previous.file, blockIndex, starts, edit.oldEnd);
  const stopsAt = new Set(starts.filter((s) => s > edit.oldEnd));
  const settingBefore = (setting: Span | undefined, offset: number) => setting !== undefined && setting.start < offset;
  const canStop = (stop: ItemsStop, settings: Pick<ObjectBlock, 'enabled' | 'actions'>): boolean => {
    const lineStart = lineStartOf(text, stop.offset);
    // The line break before the stop is old text, so the old item there started its line too.
    if (lineStart - 1 < edit.newEnd || !firstOnLine(text, stop.offset)) return false;
    const old = stop.offset - edit.delta;
    if (stop.closingBrace) return block.closeBrace?.start === old;
    return (
      stopsAt.has(old) &&
      (settings.enabled !== undefined) === settingBefore(block.enabled?.span, old) &&
      (settings.actions !== undefined) === settingBefore(block.actions?.span, old)
    );
  };
  const settings = {
    object: block.object,
    enabled: settingBefore(block.enabled?.span, from) ? block.enabled : undefined,
    actions: settingBefore(block.actions?.span, from) ? block.actions : undefined,
  };
  for (const reach of WINDOW_REACH) {
    const end = reach < anchors.length ? lineStartOf(text, anchors[reach] + edit.delta) : text.length;
    if (end <= edit.newEnd) continue;
    const items = parseBlockItems(text, from, end, settings, canStop);
    if (items.stop) return splice(previous, blockIndex, from, items, items.stop.offset - edit.delta, edit.delta);
    if (end === text.length) break;
  }
  return undefined;
}

/**
 * Where to start reparsing: the start of a line above the edit where a whole-file parse is between
 * two items of `block`, and whose first three tokens are on lines above the edit (so the item
 * before it, looking ahead, saw what it sees now). Or the first line of the block's body.
 */
function windowStart(text: string, block: ObjectBlock, starts: number[], edit: Edit): number | undefined {
  const editLineStart = lineStartOf(text, edit.start);
  let k = starts.length - 1;
  while (k >= 0 && starts[k] >= editLineStart) k--;
  k = clearOfEdit(text, (index) => starts[index], k, editLineStart);
  if (k >= 0) return lineStartOf(text, starts[k]);
  // The block loop starts at the first token after `{`: its line must hold nothing else.
  const openEnd = block.openBrace!.end;
  let bodyStart = openEnd;
  while (bodyStart < text.length && !isLineBreak(text.charCodeAt(bodyStart))) bodyStart++;
  if (bodyStart < text.length && text.charCodeAt(bodyStart) === 13 && text.charCodeAt(bodyStart + 1) === 10) bodyStart++;
  bodyStart++;
  return bodyStart <= editLineStart && tokenCount(text, openEnd, bodyStart) === 0 ? bodyStart : undefined;
}

/** Old offsets past the edit where a reparse may end its text: item starts, then the `}`, then later blocks. */
function anchorsAfter(file: MappingFile, blockIndex: number, starts: number[], oldEnd: number): number[] {
  const anchors = starts.filter((s) => s > oldEnd);
  const wanted = WINDOW_REACH[WINDOW_REACH.length - 1] + 1;
  const block = file.blocks[blockIndex];
  if (block.closeBrace && block.closeBrace.start > oldEnd) anchors.push(block.closeBrace.start);
  for (let b = blockIndex + 1; b < file.blocks.length && anchors.length < wanted; b++) {
    anchors.push(file.blocks[b].span.start);
    for (const start of itemStarts(file.blocks[b])) anchors.push(start);
  }
  return anchors;
}

/**
 * From candidate `k` (item or block starts, in order, the last one on a line above the edit) back,
 * the first that starts its line with at least three more tokens before the edit's line, so the
 * decisions before it (looking at most three tokens ahead) saw only unchanged text; -1 if none of
 * MAX_START_CANDIDATES is.
 */
function clearOfEdit(text: string, startAt: (index: number) => number, k: number, editLineStart: number): number {
  for (let tried = 0; k >= 0 && tried < MAX_START_CANDIDATES; k--, tried++) {
    const start = startAt(k);
    if (firstOnLine(text, start) && tokenCount(text, lineStartOf(text, start), editLineStart) >= 4) return k;
  }
  return -1;
}

/** The old parse with the items from `from` to `stopOld` (old offsets) replaced by `items`, and what follows moved by `delta`. */
function splice(
  previous: State,
  blockIndex: number,
  from: number,
  items: ItemsParseResult,
  stopOld: number,
  delta: number,
): Parsed | undefined {
  const errors = spliceFound(previous.errors, from, stopOld, items.errors, delta);
  if (!errors) return undefined;
  const { syntax } = errors;
  const old = previous.file.blocks[blockIndex];
  const span = { start: old.span.start, end: old.span.end + delta };
  const enabled = items.enabled ?? (old.enabled && old.enabled.span.start >= stopOld ? moveEnabled(old.enabled, delta) : undefined);
  const actions = items.actions ?? (old.actions && old.actions.span.start >= stopOld ? moveActions(old.actions, delta) : undefined);
  const block: { -readonly [K in keyof ObjectBlock]: ObjectBlock[K] } = {
    kind: 'block',
    span,
    object: old.object,
    keyword: old.keyword,
    mappings: spliceList(old.mappings, from, stopOld, items.mappings, delta, moveMapping),
    scopes: spliceList(old.scopes, from, stopOld, items.scopes, delta, moveScope),
  };
  // The header (title, objects, rule) lies before the block's body, where nothing moved.
  if (old.title) block.title = old.title;
  if (old.objects) block.objects = old.objects;
  if (old.rule) block.rule = old.rule;
  if (old.openBrace) block.openBrace = old.openBrace;
  if (old.closeBrace) block.closeBrace = { start: old.closeBrace.start + delta, end: old.closeBrace.end + delta };
  if (enabled) block.enabled = enabled;
  if (actions) block.actions = actions;
  // A block parsed with syntax errors is `recovered`; its errors lie inside it, or empty at its end.
  if (syntax.some((d) => (d.span.start >= span.start && d.span.start < span.end) || (d.span.start === span.end && d.span.end === span.end)))
    block.recovered = true;
  // Errors are found in order of position: when the ones kept end before the block, its own may have been dropped.
  else if (mayBeCutShort(syntax) && syntax[syntax.length - 1].span.start <= span.end) return undefined;
  const blocks = previous.file.blocks.map((b, index) =>
    index === blockIndex ? block : index < blockIndex || delta === 0 ? b : moveBlock(b, delta),
  );
  const comments = spliceList(previous.file.comments, from, stopOld, items.comments, delta, moveComment);
  const end = previous.file.span.end + delta;
  const { target, cycle } = previous.file;
  return {
    file: { kind: 'file', span: { start: 0, end }, ...(target && { target }), ...(cycle && { cycle }), blocks, comments },
    errors,
  };
}

/** `list` (old offsets, in order of position) with the entries from `from` up to `stopOld` replaced, and the later ones moved. */
function spliceList<T extends { readonly span: Span }>(
  list: readonly T[],
  from: number,
  stopOld: number,
  replacement: readonly T[],
  delta: number,
  shift: (item: T, delta: number) => T,
): T[] {
  const result: T[] = [];
  for (const item of list) if (item.span.start < from) result.push(item);
  for (const item of replacement) result.push(item);
  for (const item of list) if (item.span.start >= stopOld) result.push(delta === 0 ? item : shift(item, delta));
  return result;
}

/** The errors a whole parse finds, each kind spliced by spliceErrors; undefined when either cannot be told. */
function spliceFound(old: FoundErrors, from: number, stopOld: number, found: FoundErrors, delta: number): FoundErrors | undefined {
  const lexErrors = spliceErrors(old.lexErrors, from, stopOld, found.lexErrors, delta);
  if (!lexErrors) return undefined;
  const syntax = spliceErrors(old.syntax, from, stopOld, found.syntax, delta);
  return syntax && { lexErrors, syntax };
}

/**
 * The errors a whole parse finds, from the old ones (old offsets) with those from `from` up to
 * `stopOld` replaced by a reparse's: undefined when the old parse dropped errors that may now be
 * among the first kept.
 */
function spliceErrors(old: Diagnostic[], from: number, stopOld: number, found: Diagnostic[], delta: number): Diagnostic[] | undefined {
  const spliced: Diagnostic[] = [];
  for (const d of old) if (d.span.start < from) spliced.push(d);
  for (const d of found) spliced.push(d);
  // After errors the reparse dropped, the old ones that follow are not the next ones found.
  if (!mayBeCutShort(found)) for (const d of old) if (d.span.start >= stopOld) spliced.push(delta === 0 ? d : shiftDiagnostic(d, delta));
  if (mayBeCutShort(old) && !mayBeCutShort(spliced)) return undefined;
  return keptErrors(spliced);
}

/**
 * An edit that reparsing block items cannot take: reparse the file's items from a block start above
 * it until the parse, between items, reaches an old block start on a line below it. The `target`
 * declaration and provisioning settings must lie above (their place decides what the rest reports).
 */
function reparseTopLevel(previous: State, text: string, edit: Edit): Parsed | undefined {
  const { file } = previous;
  const blocks = file.blocks;
  const editLineStart = lineStartOf(text, edit.start);
  const k = clearOfEdit(text, (index) => blocks[index].span.start, lastBlockBefore(blocks, editLineStart), editLineStart);
  if (k < 0) return undefined;
  const from = lineStartOf(text, blocks[k].span.start);
  if ((file.target && file.target.span.start >= from) || file.cycle?.some((setting) => setting.span.start >= from)) return undefined;
  const firstAfter = lastBlockBefore(blocks, edit.oldEnd + 1) + 1;
  const anchors = blocks.slice(firstAfter, firstAfter + WINDOW_REACH[WINDOW_REACH.length - 1] + 1).map((b) => b.span.start);
  const stopsAt = new Set(anchors);
  const canStop = (offset: number, afterBlock: boolean): boolean => {
    const lineStart = lineStartOf(text, offset);
    return afterBlock && lineStart - 1 >= edit.newEnd && firstOnLine(text, offset) && stopsAt.has(offset - edit.delta);
  };
  const before = { target: file.target, afterBlock: k > 0 };
  for (const reach of WINDOW_REACH) {
    const end = reach < anchors.length ? lineStartOf(text, anchors[reach] + edit.delta) : text.length;
    if (end <= edit.newEnd) continue;
    const parsed = parseTopLevelItems(text, from, end, before, canStop);
    if (parsed.declarations) return undefined;
    if (parsed.stop !== undefined) {
      const stopOld = parsed.stop - edit.delta;
      const errors = spliceFound(previous.errors, from, stopOld, parsed.errors, edit.delta);
      if (!errors) return undefined;
      const moved = (b: ObjectBlock) => (edit.delta === 0 ? b : moveBlock(b, edit.delta));
      const after = blocks.slice(lastBlockBefore(blocks, stopOld) + 1).map(moved);
      const { target, cycle } = file;
      return {
        file: {
          kind: 'file',
          span: { start: 0, end: file.span.end + edit.delta },
          ...(target && { target }),
          ...(cycle && { cycle }),
          blocks: [...blocks.slice(0, k), ...parsed.blocks, ...after],
          comments: spliceList(file.comments, from, stopOld, parsed.comments, edit.delta, moveComment),
        },
        errors,
      };
    }
    if (end === text.length) break;
  }
  return undefined;
}

/** The index of the last block starting before `offset` (-1 if none): blocks are in order. */
function lastBlockBefore(blocks: readonly ObjectBlock[], offset: number): number {
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (blocks[middle].span.start < offset) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
