// JUnit XML as CI systems read it (GitHub Actions test reporters, Azure Pipelines PublishTestResults,
// GitLab, Jenkins): <testsuites> of <testsuite> of <testcase>, a failure as <failure message>, a test file
// that could not run as <error message>.
export interface TestCaseResult {
  readonly name: string;
  readonly failure?: { readonly message: string; readonly details: string };
}

export interface TestSuiteResult {
  readonly name: string;
  readonly cases: readonly TestCaseResult[];
  readonly seconds: number;
  /** Why the test file could not run (broken, or a file it names cannot be read): a JUnit error, not a failure. */
  readonly error?: string;
}

export function junitReport(suites: readonly TestSuiteResult[]): string {
  const failures = (suite: TestSuiteResult) => suite.cases.filter((result) => result.failure).length;
  const errors = (suite: TestSuiteResult) => (suite.error === undefined ? 0 : 1);
  const tests = (suite: TestSuiteResult) => suite.cases.length + errors(suite);
  const total = (count: (suite: TestSuiteResult) => number) => suites.reduce((sum, suite) => sum + count(suite), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="scimmap test" tests="${total(tests)}" failures="${total(failures)}" errors="${total(errors)}" time="${total((suite) => suite.seconds).toFixed(3)}">`,
  ];
  for (const suite of suites) {
    lines.push(
      `  <testsuite name="${attribute(suite.name)}" tests="${tests(suite)}" failures="${failures(suite)}" errors="${errors(suite)}" skipped="0" time="${suite.seconds.toFixed(3)}">`,
    );
    if (suite.error !== undefined)
      lines.push(
        `    <testcase classname="${attribute(suite.name)}" name="could not run">`,
        `      <error message="${attribute(suite.error)}" type="unusable-input">${xml(suite.error)}</error>`,
        '    </testcase>',
      );
    for (const result of suite.cases) {
      const open = `    <testcase classname="${attribute(suite.name)}" name="${attribute(result.name)}"`;
      if (!result.failure) lines.push(`${open}/>`);
      else
        lines.push(
          `${open}>`,
          `      <failure message="${attribute(result.failure.message)}" type="expectation">${xml(result.failure.details)}</failure>`,
          '    </testcase>',
        );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n');
}

/** Escaped for text; characters XML 1.0 cannot carry become U+FFFD. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Escaped for an attribute value: a parser turns a raw TAB, LF or CR there into a space (XML 1.0 §3.3.3), a reference keeps it. */
function attribute(text: string): string {
  return xml(text).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}
