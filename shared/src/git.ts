// A file's text as committed at a git ref, for `scimmap simulate --against-ref` and the editor's
// Show Impact of Changes. git runs with its arguments as an array (never through a shell), in the
// file's folder; `REF:./NAME` names the file relative to that folder. Each way it can fail is a
// reason of its own, with a message that says what to do.
import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';

export type CommittedText =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      readonly reason: 'no-git' | 'not-in-repository' | 'no-commits' | 'not-committed';
      readonly message: string;
    };

interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as git wrote it, for a file whose bytes are decoded (and checked) by its reader. */
  readonly bytes: Buffer;
}

/** Runs git (`env` added to this process's); undefined when git itself cannot be started (not installed, not on the PATH). */
function git(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<GitResult | undefined> {
  return new Promise((resolve) => {
    const options = {
      cwd,
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
      windowsHide: true,
      env: env && { ...process.env, ...env },
    } as const;
    execFile('git', [...args], options, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') resolve(undefined);
      else
        resolve({
          code: error ? (typeof code === 'number' ? code : 1) : 0,
          stdout: stdout.toString('utf8'),
          stderr: stderr.toString('utf8'),
          bytes: stdout,
        });
    });
  });
}

/**
 * The git work tree `folder` is in: its root (as git names it, symbolic links resolved), or, where
 * git finds a repository but refuses it (safe.directory's "dubious ownership" for a checkout another
 * user owns, a .git it cannot read), git's message on one line; neither outside a work tree or
 * without git.
 */
export async function workTreeOf(folder: string): Promise<{ readonly root?: string; readonly refused?: string }> {
  // In English whatever the locale: git's "not a git repository" is the answer that means outside.
  const top = await git(['rev-parse', '--show-toplevel'], folder, { LC_ALL: 'C' });
  if (!top) return {};
  if (top.code === 0) return { root: top.stdout.trim() };
  const message = top.stderr.trim();
  if (/^fatal: not a git repository \(or any |must be run in a work tree/.test(message)) return {};
  return { refused: message.replace(/\s*\n\s*/g, ' ') || `git rev-parse exited with ${top.code}` };
}

export async function committedText(file: string, ref = 'HEAD'): Promise<CommittedText> {
  const folder = dirname(file);
  const name = basename(file);
  const top = await git(['rev-parse', '--show-toplevel'], folder);
  if (!top)
    return {
      ok: false,
      reason: 'no-git',
      message: 'git could not be started: install git (and put it on the PATH) to compare with a commit.',
    };
  if (top.code !== 0)
    return {
      ok: false,
      reason: 'not-in-repository',
      message: `${name} is not in a git repository (${top.stderr.trim() || 'git rev-parse failed'}): there is no committed version to compare with.`,
    };
  const commit = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], folder);
  if (!commit || commit.code !== 0)
    return {
      ok: false,
      reason: 'no-commits',
      message:
        ref === 'HEAD'
          ? `The git repository of ${name} has no commits yet: commit the mapping once to compare your changes with it.`
          : `git has no commit ${ref} in the repository of ${name}${await missingRefAdvice(ref, folder)}`,
    };
  const shown = await git(['show', `${ref}:./${name}`], folder);
  // The ref exists (checked above), so git's own "fatal: path ... exists on disk, but not in REF" says nothing more.
  if (!shown || shown.code !== 0)
    return {
      ok: false,
      reason: 'not-committed',
      message:
        ref === 'HEAD'
          ? `${name} has no committed version at HEAD (it is new, or was never committed): commit it once to compare your changes with it.`
          : `${name} does not exist at ${ref}: it is new or was renamed on this branch, so ${ref} has no version of it to compare with.`,
    };
  return { ok: true, text: shown.stdout };
}

/**
 * Where `file` is at `ref` (a ref committedText has found): the commit, in full, and the file's path
 * from the work tree's root, as `git show COMMIT:PATH` takes them, and that root.
 */
export async function committedLocation(file: string, ref: string): Promise<{ commit: string; path: string; root: string } | undefined> {
  // One line each: the root, the folder's path from it (an empty line at the root), the commit.
  const shown = await git(['rev-parse', '--show-toplevel', '--show-prefix', `${ref}^{commit}`], dirname(file));
  const [root, prefix, commit] = shown?.code === 0 ? shown.stdout.split('\n') : [];
  return commit ? { commit, path: `${prefix}${basename(file)}`, root } : undefined;
}

/**
 * The bytes of a file as committed at `ref` (a ref committedText has found), named by its path
 * relative to `folder` (`./app.target.json`, `../shared/app.target.json`); undefined when that
 * commit holds no such file.
 */
export async function committedBytes(folder: string, path: string, ref: string): Promise<Buffer | undefined> {
  // `REF:./PATH` is relative to the folder git runs in; cat-file refuses a folder, which show would list.
  const shown = await git(['cat-file', 'blob', `${ref}:./${path.replace(/\\/g, '/')}`], folder);
  return shown?.code === 0 ? shown.bytes : undefined;
}

/**
 * What to do about a ref git does not have. A CI checkout is shallow by default (actions/checkout
 * fetch-depth 1, Azure Pipelines' shallow fetch), so the base branch of a pull request is missing
 * there; its tip alone is enough to compare with.
 */
async function missingRefAdvice(ref: string, folder: string): Promise<string> {
  const shallow = await git(['rev-parse', '--is-shallow-repository'], folder);
  if (shallow?.stdout.trim() !== 'true') return ': check the name (`git branch --all` lists the branches this clone has).';
  const remotes = (await git(['remote'], folder))?.stdout.split('\n').filter(Boolean) ?? [];
  const remote = remotes.find((candidate) => ref.startsWith(`${candidate}/`));
  const fetch = remote
    ? `\`git fetch --depth=1 ${remote} ${ref.slice(remote.length + 1)}:refs/remotes/${ref}\``
    : `\`git fetch --depth=1\` from its remote`;
  return `, a shallow clone (a CI checkout fetches only the pull request's commit by default): fetch ${ref} with ${fetch}, or check out the whole history (actions/checkout \`fetch-depth: 0\`, Azure Pipelines \`fetchDepth: 0\`).`;
}
