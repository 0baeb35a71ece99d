// Files read as text must be UTF-8. Node's decoders turn bytes that are no UTF-8 character into
// U+FFFD without a word, so a file saved as Windows-1252 or UTF-16 reached the mapping (and the
// requests it sends) as "��": these decoders say where the bad bytes are instead.
import { isUtf8 } from 'node:buffer';
import { maxWholeFileBytes, notJsonStart, readBytesUpTo } from './reading-file';

/**
 * What a streamed text holds in place of each byte that is no UTF-8 character: a lone surrogate,
 * which decoding valid UTF-8 never gives, so a reader can tell the line that held bad bytes.
 */
export const INVALID_BYTE = '\udfff';

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of a file's bytes; throws `failure(message)` naming the file and where it is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, file: string, failure: (message: string) => Error): string {
  try {
    return fatalDecoder.decode(bytes);
  } catch {
    throw failure(notUtf8Message(bytes, file));
  }
}

/**
 * A file's text, read as UTF-8 up to maxWholeFileBytes; throws `failure(message)` naming the file and
 * where it is not UTF-8, or that it is larger than that.
 */
export function readUtf8File(path: string, failure = (message: string) => new Error(message)): string {
  return decodeUtf8(readBytesUpTo(path, maxWholeFileBytes, tooLargeFailure(path, failure)), path, failure);
}

/**
 * A JSON file's text, as readUtf8File reads it, but one that goes on past its first MiB without
 * starting as JSON (`{` or `[` after white space) is refused there: /dev/zero given as a user JSON
 * took 256 MiB before it was refused as too large. `what` says what such a file starts with.
 */
export function readJsonUtf8File(path: string, what: string, failure = (message: string) => new Error(message)): string {
  const refuseHead = (head: Buffer) => {
    const notJson = notJsonStart(path, head.toString('utf8', 0, 64), what);
    return notJson === undefined ? undefined : failure(notJson);
  };
  return decodeUtf8(readBytesUpTo(path, maxWholeFileBytes, tooLargeFailure(path, failure), refuseHead), path, failure);
}

function tooLargeFailure(path: string, failure: (message: string) => Error): () => Error {
  return () => failure(`${path} is over ${maxWholeFileBytes / 1024 / 1024} MiB, the most a file is read to (it is held in memory whole)`);
}

/** Why `bytes` (a file's) are not UTF-8: UTF-16, or the line and byte offset of the first bad byte. */
function notUtf8Message(bytes: Uint8Array, file: string): string {
  const utf16 = utf16Message(bytes, file);
  if (utf16) return utf16;
  const at = firstInvalidByte(bytes);
  return `${file} is not valid UTF-8: line ${lineOf(bytes, at)} has a byte that is no character (0x${bytes[at].toString(16).padStart(2, '0')} at byte offset ${at}); save the file as UTF-8`;
}

/** The message for a file that starts with a UTF-16 byte order mark, or undefined. */
export function utf16Message(bytes: Uint8Array, file: string): string | undefined {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (!le && !be) return undefined;
  return `${file} is UTF-16 (${le ? 'little' : 'big'}-endian, from its byte order mark): save it as UTF-8`;
}

/** The 1-based line holding byte `at`, line breaks counted as editors count them (`\n`, `\r\n`, a lone `\r`). */
function lineOf(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/** The offset of the first byte that starts no UTF-8 character (the bytes are known not to be UTF-8). */
function firstInvalidByte(bytes: Uint8Array): number {
  let at = 0;
  for (let length = sequenceLength(bytes, at); length > 0; length = sequenceLength(bytes, at)) at += length;
  return at;
}

/** The length of the UTF-8 sequence at `at`: 0 when the byte there starts none, or the sequence is cut by the end. */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at];
  if (lead === undefined) return 0;
  if (lead < 0x80) return 1;
  // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF (RFC 3629 §4).
  const [length, low, high] =
    lead >= 0xc2 && lead <= 0xdf
      ? [2, 0x80, 0xbf]
      : lead >= 0xe0 && lead <= 0xef
        ? [3, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf]
        : lead >= 0xf0 && lead <= 0xf4
          ? [4, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf]
          : [0, 0, 0];
  if (length === 0 || at + length > bytes.length) return 0;
  if (bytes[at + 1] < low || bytes[at + 1] > high) return 0;
  for (let i = 2; i < length; i++) if (bytes[at + i] < 0x80 || bytes[at + i] > 0xbf) return 0;
  return length;
}

/**
 * A file's text in chunks as it streams (constant memory), each byte that is no UTF-8 character
 * given as INVALID_BYTE.
 */
export async function* utf8Chunks(stream: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of stream) {
    const bytes = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    // A character cut at the chunk's end is decoded with the next chunk.
    const end = completeEnd(bytes);
    pending = bytes.subarray(end);
    yield decodeMarked(bytes.subarray(0, end));
  }
  if (pending.length > 0) yield decodeMarked(pending);
}

/** Where the last character that is complete in `bytes` ends (before a multi-byte sequence the end cuts). */
function completeEnd(bytes: Uint8Array): number {
  for (let at = bytes.length - 1; at >= Math.max(0, bytes.length - 3); at--) {
    const byte = bytes[at];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return at + length > bytes.length ? at : bytes.length;
  }
  return bytes.length;
}

function decodeMarked(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let text = '';
  let start = 0;
  for (let at = 0; at < bytes.length;) {
    const length = sequenceLength(bytes, at);
    if (length > 0) {
      at += length;
      continue;
    }
    text += bytes.toString('utf8', start, at) + INVALID_BYTE;
    start = ++at;
  }
  return text + bytes.toString('utf8', start);
}
