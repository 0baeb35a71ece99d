// The Chevrotain yardstick: the JSON grammar exactly as Chevrotain's own example builds it
// (examples/grammars/json in the chevrotain repository: a lexer of twelve tokens and a CstParser of
// five rules), i.e. what the library itself parses per second. Our parser should be at least as fast.
import { createToken, CstParser, Lexer, type CstNode } from 'chevrotain';

const True = createToken({ name: 'True', pattern: /true/ });
const False = createToken({ name: 'False', pattern: /false/ });
const Null = createToken({ name: 'Null', pattern: /null/ });
const LCurly = createToken({ name: 'LCurly', pattern: /{/ });
const RCurly = createToken({ name: 'RCurly', pattern: /}/ });
const LSquare = createToken({ name: 'LSquare', pattern: /\[/ });
const RSquare = createToken({ name: 'RSquare', pattern: /]/ });
const Comma = createToken({ name: 'Comma', pattern: /,/ });
const Colon = createToken({ name: 'Colon', pattern: /:/ });
const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^\\"]|\\(?:[bfnrtv"\\/]|u[0-9a-fA-F]{4}))*"/ });
const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/ });
const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\n\r]+/, group: Lexer.SKIPPED });

const allTokens = [WhiteSpace, NumberLiteral, StringLiteral, LCurly, RCurly, LSquare, RSquare, Comma, Colon, True, False, Null];
const jsonLexer = new Lexer(allTokens);

class JsonParser extends CstParser {
  constructor() {
    super(allTokens);
    this.performSelfAnalysis();
  }

  json = this.RULE('json', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.object) }, { ALT: () => this.SUBRULE(this.array) }]);
  });

  object = this.RULE('object', () => {
    this.CONSUME(LCurly);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE2(this.objectItem) });
    this.CONSUME(RCurly);
  });

  objectItem = this.RULE('objectItem', () => {
    this.CONSUME(StringLiteral);
    this.CONSUME(Colon);
    this.SUBRULE(this.value);
  });

  array = this.RULE('array', () => {
    this.CONSUME(LSquare);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.value) });
    this.CONSUME(RSquare);
  });

  value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.SUBRULE(this.object) },
      { ALT: () => this.SUBRULE(this.array) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(Null) },
    ]);
  });
}

const parser = new JsonParser();

/** Lexes and parses JSON into a CST; throws on a lexing or parsing error (the input is generated, so there is none). */
export function parseJsonWithChevrotain(text: string): CstNode {
  const lexed = jsonLexer.tokenize(text);
  parser.input = lexed.tokens;
  const cst = parser.json();
  if (lexed.errors.length > 0 || parser.errors.length > 0)
    throw new Error(`the JSON yardstick failed: ${lexed.errors[0]?.message ?? parser.errors[0]?.message}`);
  return cst;
}
