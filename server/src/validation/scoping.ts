// Scoping filters: operators as the portal spells them, their values, and the attributes Entra
// cannot filter on (multi-valued, references, dates, appRoleAssignments, userType).
import { quoted, shortened } from '../syntax/quoting';
import type { ScopeClause, ScopeFilter } from '../syntax/ast';
import { findSourceAttributeIgnoreCase, sourceSchema } from '../schema/source';
import { findScopingOperator, scopingOperators, unsupportedScopingOperator } from '../schema/scoping-operators';
import { type BlockObject } from '../schema/target';
import { checkSourceAttribute, reportRegexProblem } from './expressions';
import { closest, didYouMean, suggestionData, type Reporter } from './report';

export function checkScope(scope: ScopeFilter, object: BlockObject, reporter: Reporter): void {
  if (scope.clauses.length === 0 && !scope.recovered) {
    reporter.report(
      'empty-scope',
      scope.title?.span ?? scope.keyword.span,
      'This scoping filter has no clauses; Entra cannot save an empty filter. Add a clause such as [department] EQUALS "Sales" or remove the filter.',
    );
  }
  for (const clause of scope.clauses) checkClause(clause, object, reporter);
}

function checkClause(clause: ScopeClause, object: BlockObject, reporter: Reporter): void {
  checkClauseAttribute(clause, object, reporter);
  const operatorName = clause.operator;
  if (operatorName.recovered) return;
  const written = operatorName.text.trim().replace(/\s+/g, ' ');
  let operator = findScopingOperator(written);
  if (!operator) {
    const sameIgnoringCase = scopingOperators.find((o) => o.name.toLowerCase() === written.toLowerCase());
    if (sameIgnoringCase) {
      reporter.report('scope-operator-case', operatorName.span, `The portal spells this operator \`${sameIgnoringCase.name}\`.`, {
        suggestion: sameIgnoringCase.name,
      });
      operator = sameIgnoringCase;
    } else {
      const unsupported = unsupportedScopingOperator(written);
      if (unsupported) {
        reporter.report(
          'unknown-scope-operator',
          operatorName.span,
          `${quoted(written)} is not a scoping operator: ${unsupported.reason}.`,
        );
        return;
      }
      const suggestion = closest(
        written,
        scopingOperators.map((o) => o.name),
      );
      reporter.report(
        'unknown-scope-operator',
        operatorName.span,
        `${quoted(written)} is not a scoping operator.${didYouMean(suggestion)} Operators: ${scopingOperators.map((o) => o.name).join(', ')}.`,
        suggestionData(suggestion),
      );
      return;
    }
  }
  const value = clause.value;
  if (operator.arity === 'unary') {
    if (value && !value.recovered) reporter.report('scope-value-extra', value.span, `\`${operator.name}\` takes no value: remove it.`);
    return;
  }
  if (!value) {
    reporter.report('scope-value-missing', operatorName.span, `\`${operator.name}\` needs a value after it, e.g. ${operator.example}.`);
    return;
  }
  if (value.recovered) return;
  const text = value.kind === 'string' ? value.value : value.raw;
  if (operator.valueKind === 'integer' && !/^-?\d+$/.test(text.trim())) {
    reporter.report(
      'scope-integer-value',
      value.span,
      `\`${operator.name}\` compares integers: the value must be a whole number, not "${shortened(text)}".`,
    );
  }
  if (operator.valueKind === 'regex') {
    reportRegexProblem(text, value.span, reporter);
  }
}

function checkClauseAttribute(clause: ScopeClause, object: BlockObject, reporter: Reporter): void {
  const ref = clause.attribute;
  if (ref.recovered) return;
  const unsupported = sourceSchema.scopingUnsupported.find((u) => u.name === ref.name);
  if (unsupported) {
    reporter.report('scope-unsupported-attribute', ref.span, `Scoping filters cannot use [${ref.name}]: ${unsupported.reason}.`);
    return;
  }
  const attribute = checkSourceAttribute(ref, object, reporter) ?? findSourceAttributeIgnoreCase(object, ref.name);
  if (!attribute) return;
  if (attribute.multiValued) {
    reporter.report(
      'scope-unsupported-attribute',
      ref.span,
      `Scoping filters cannot use multi-valued attributes such as [${attribute.name}].`,
    );
  } else if (attribute.type === 'DateTime') {
    reporter.report('scope-unsupported-attribute', ref.span, `Scoping filters cannot use date attributes such as [${attribute.name}].`);
  } else if (attribute.type === 'Reference') {
    reporter.report(
      'scope-unsupported-attribute',
      ref.span,
      `Scoping filters cannot use reference attributes such as [${attribute.name}].`,
    );
  }
}
