// shared/ and server/ map the module `vscode` here (their tsconfig `paths`): this file is not a
// module, so `import ... from 'vscode'` outside client/ fails the build with TS2306.
declare const vscodeIsClientOnly: never;
