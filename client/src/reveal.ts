// A link from a webview (the preview, the simulation report) into the mapping: four integers from
// the page (untrusted), checked, then the mapping shown with that range selected, in the editor
// group that already shows it.
import * as vscode from 'vscode';

/** The four integers of a link (start line, character, end line, character), or undefined when the page sent anything else. */
export function linkRange(numbers: readonly number[]): [number, number, number, number] | undefined {
  if (numbers.length !== 4 || numbers.some((number) => !Number.isInteger(number) || number < 0)) return undefined;
  return [numbers[0], numbers[1], numbers[2], numbers[3]];
}

export async function revealInMapping(mappingUri: string, numbers: readonly number[]): Promise<void> {
  const checked = linkRange(numbers);
  if (!checked) return;
  const range = new vscode.Range(...checked);
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === mappingUri);
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(mappingUri), {
    viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
    selection: range,
  });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
