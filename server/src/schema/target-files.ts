// Target-schema files named by `target "./app.target.json"`, read relative to the .scimmap file.
// The language server resolves every declaration on every analysis, so a file is read and checked
// again only when its size or modification time changed: the same file gives the same Target object,
// and an unchanged document with an unchanged target is not rechecked.
import { statSync } from 'node:fs';
import { readBytesUpTo, unreadableReason } from '../../../shared/src/reading-file';
import { committedBytes } from '../../../shared/src/git';
import { decodeUtf8 } from '../../../shared/src/utf8';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../syntax/parser';
import { isTargetFileReference, parseTargetSchema, resolveTargetReference, type TargetResolution } from './target-format';

/** Larger than any real schema (Genesys Cloud's is 30 kB): a file past this is refused unread. */
const MAX_TARGET_FILE_BYTES = 10 * 1024 * 1024;

interface Loaded {
  readonly size: number;
  readonly mtimeMs: number;
  readonly resolution: TargetResolution;
}

export class TargetFiles {
  private readonly loaded = new Map<string, Loaded>();

  /** Resolves declarations of a document in `directory` (undefined: an unsaved document, bundled targets only). */
  resolverFor(directory: string | undefined): (reference: string) => TargetResolution {
    return (reference) => {
      if (!isTargetFileReference(reference) || directory === undefined) return resolveTargetReference(reference);
      return this.load(resolve(directory, reference), reference);
    };
  }

  /** The resolver for a document by URI: file: URIs resolve relative paths, others only bundled names. */
  resolverForUri(uri: string): (reference: string) => TargetResolution {
    return this.resolverFor(uri.startsWith('file:') ? dirname(fileURLToPath(uri)) : undefined);
  }

  /**
   * Loads a target-schema file by absolute path, `written` relative to `base` (a declaration to its
   * mapping file's folder, `--target-schema` on the command line to the working directory).
   */
  load(path: string, written = path, base = "the mapping file's folder"): TargetResolution {
    let size: number;
    let mtimeMs: number;
    try {
      ({ size, mtimeMs } = statSync(path));
    } catch (error) {
      this.loaded.delete(path);
      const code = (error as NodeJS.ErrnoException).code;
      return {
        error:
          code === 'ENOENT'
            ? // Not the absolute path: a SARIF log uploaded from CI would carry the runner's folders.
              `Target schema file "${written}" not found${written === path ? '' : ` (the path is relative to ${base})`}.`
            : cannotRead(written, error),
      };
    }
    const known = this.loaded.get(path);
    if (known && known.size === size && known.mtimeMs === mtimeMs) return known.resolution;
    const resolution: TargetResolution =
      size > MAX_TARGET_FILE_BYTES
        ? {
            error: `Target schema file "${written}" is ${(size / 1024 / 1024).toFixed(1)} MB: too large to be a target schema (at most ${MAX_TARGET_FILE_BYTES / 1024 / 1024} MB); it was not read.`,
          }
        : readTarget(path, written);
    this.loaded.set(path, { size, mtimeMs, resolution });
    return resolution;
  }

  /** Forgets every loaded file (one changed on disk). */
  forget(): void {
    this.loaded.clear();
  }
}

function readTarget(path: string, written: string): TargetResolution {
  let bytes: Buffer;
  try {
    // Bounded while reading too: a device (/dev/zero) or a pipe has no size for load() to refuse it by.
    bytes = readBytesUpTo(path, MAX_TARGET_FILE_BYTES, () => new TargetFileTooLarge());
  } catch (error) {
    if (error instanceof TargetFileTooLarge)
      return {
        error: `Target schema file "${written}" is over ${MAX_TARGET_FILE_BYTES / 1024 / 1024} MB: too large to be a target schema; it was not read.`,
      };
    return { error: cannotRead(written, error) };
  }
  return targetOfBytes(bytes, written);
}

class TargetFileTooLarge extends Error {}

/** The target a target-schema file's bytes hold (from the disk, or as committed at a git ref), or why they hold none. */
function targetOfBytes(bytes: Uint8Array, written: string): TargetResolution {
  try {
    const text = decodeUtf8(bytes, `Target schema file "${written}"`, (message) => new Error(message));
    return { target: parseTargetSchema(text, written) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The target a mapping's `text`, as committed at git `ref` in `folder`, declares by file: that file
 * as committed there, relative to `folder` (the working tree's is the new mapping's: a change to it
 * alone changes what is sent). undefined when the mapping declares none by file; `notCommitted`, the
 * declared path, when the commit does not hold it (a file kept out of git).
 */
export async function committedTargetFile(
  folder: string,
  ref: string,
  text: string,
): Promise<{ readonly resolve: (reference: string) => TargetResolution } | { readonly notCommitted: string } | undefined> {
  const declared = parse(text).file.target?.value;
  if (!declared || declared.recovered || !isTargetFileReference(declared.value)) return undefined;
  const bytes = await committedBytes(folder, relative(folder, resolve(folder, declared.value)), ref);
  if (!bytes) return { notCommitted: declared.value };
  const resolution = targetOfBytes(bytes, `${declared.value} at ${ref}`);
  return { resolve: (reference) => (isTargetFileReference(reference) ? resolution : resolveTargetReference(reference)) };
}

/** Why a target-schema file cannot be read, said plainly (a folder, no permission) where Node's message is its code. */
function cannotRead(written: string, error: unknown): string {
  return `Cannot read target schema file "${written}": ${unreadableReason(error) ?? (error as Error).message}`;
}
