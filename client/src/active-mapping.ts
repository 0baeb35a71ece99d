// The .scimmap document a command acts on: the active editor's, else the first visible one's.
import * as vscode from 'vscode';

export function activeMapping(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'scimmap') return editor.document.uri;
  return vscode.window.visibleTextEditors.find((candidate) => candidate.document.languageId === 'scimmap')?.document.uri;
}
