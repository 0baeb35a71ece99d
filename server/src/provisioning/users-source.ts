// Where the users a preview resolves managers and members among come from, in the words its notes
// and the directory's warnings use: a samples file (the preview, provisioning on demand) or the
// directory input of a simulated cycle (a Users CSV, Graph JSON or samples files alike).

/** `samples`: a samples file; `directory`: a simulated cycle's directory input. */
export type UsersSource = 'samples' | 'directory';

/** Said of `count` referenced users that `source` does not hold: "is not a sample user", "are not users of the directory input". */
export function notAmongUsers(count: number, source: UsersSource): string {
  const one = count === 1;
  if (source === 'directory') return one ? 'is not a user of the directory input' : 'are not users of the directory input';
  return one ? 'is not a sample user' : 'are not sample users';
}
