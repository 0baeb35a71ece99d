// Whether two mapping texts are the same file content, for Show Impact of Changes: the editor's
// text against the committed one. Pure (no `vscode`), unit-tested.

/** Whether two mapping texts are the same file content: a byte order mark and CRLF against LF line endings do not count (git and editors change those). */
export function sameMappingText(a: string, b: string): boolean {
  return normalized(a) === normalized(b);
}

function normalized(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}
