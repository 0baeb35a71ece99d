/** An input file that cannot be read as what it is given for: the message names it. */
export class InputError extends Error {}
