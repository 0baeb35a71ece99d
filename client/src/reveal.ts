// A link from a webview (the preview, the simulation report) into the mapping: four integers from
// the page (untrusted), checked, then the mapping shown with that range selected, in the editor
// group that already shows it.
import * as vscode from 'vscode';

export async function revealInMapping(mappingUri: string, numbers: readonly number[]): Promise<void> {
  if (numbers.length !== 4 || numbers.some((number) => !Number.isInteger(number) || number < 0)) return;
  const [startLine, startCharacter, endLine, endCharacter] = numbers;
  const range = new vscode.Range(startLine, startCharacter, endLine, endCharacter);
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === mappingUri);
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(mappingUri), {
    viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
    selection: range,
  });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
