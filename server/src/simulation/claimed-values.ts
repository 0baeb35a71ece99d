// The values a cycle keeps unique (a user's userName, a group's displayName), each claimed by the
// first object that maps to it: what a simulation must remember of every object it has seen. For a
// directory of a million users that is a million keys, so they are kept off the JavaScript heap:
// keys and owners as UTF-8 in 1 MiB chunks, an open-addressing table of their places, and no object
// per value for the garbage collector to trace (about 100 bytes a value instead of about 250).
const chunkBits = 20;
const chunkSize = 1 << chunkBits;
const empty = -1;

export class ClaimedValues {
  private readonly chunks: Buffer[] = [];
  /** Bytes used in the last chunk. */
  private used = chunkSize;
  /**
   * Two numbers a slot: the record's place (chunk << 20 | offset) or -1, then the key's hash. Side by
   * side, so a probe touches one cache line rather than one in each of two arrays.
   */
  private slots = new Int32Array(2 << 10).fill(empty);
  private count = 0;
  private scratch = Buffer.allocUnsafe(256);

  get size(): number {
    return this.count;
  }

  /** Claims `key` for `owner`: undefined when it was free (now taken), else the owner that took it first. */
  claim(key: string, owner: string): string | undefined {
    // Encoded only to compare with a stored key of the same hash: most values are new and never are.
    let keyLength = -1;
    const hash = hashOf(key);
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let slot = hash & mask;
    for (let place = slots[2 * slot]; place !== empty; place = slots[2 * slot]) {
      if (slots[2 * slot + 1] === hash) {
        if (keyLength < 0) keyLength = this.encode(key);
        if (this.keyAt(place, keyLength)) return this.ownerAt(place);
      }
      slot = (slot + 1) & mask;
    }
    slots[2 * slot] = this.store(key, keyLength < 0 ? utf8Length(key) : keyLength, owner);
    slots[2 * slot + 1] = hash;
    if (++this.count * 4 > slots.length) this.grow();
    return undefined;
  }

  /** The key in UTF-8 in the scratch buffer; its length. */
  private encode(key: string): number {
    const most = key.length * 3;
    if (most > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(most, this.scratch.length * 2));
    return this.scratch.write(key, 0, 'utf8');
  }

  private keyAt(place: number, keyLength: number): boolean {
    const chunk = this.chunks[place >>> chunkBits];
    const offset = place & (chunkSize - 1);
    return chunk.readUInt32LE(offset) === keyLength && this.scratch.compare(chunk, offset + 8, offset + 8 + keyLength, 0, keyLength) === 0;
  }

  private ownerAt(place: number): string {
    const chunk = this.chunks[place >>> chunkBits];
    const offset = place & (chunkSize - 1);
    const start = offset + 8 + chunk.readUInt32LE(offset);
    return chunk.toString('utf8', start, start + chunk.readUInt32LE(offset + 4));
  }

  /** Record layout: key length, owner length (UTF-8 bytes, 32 bits each), key, owner. */
  private store(key: string, keyLength: number, owner: string): number {
    const ownerLength = utf8Length(owner);
    const size = 8 + keyLength + ownerLength;
    if (this.used + size > chunkSize) {
      // A record never spans chunks; one larger than a chunk (a megabyte-long value) gets its own.
      this.chunks.push(Buffer.allocUnsafe(Math.max(chunkSize, size)));
      this.used = 0;
    }
    const index = this.chunks.length - 1;
    if (index >= 1 << (31 - chunkBits)) throw new RangeError('more than 2 GiB of unique values');
    const chunk = this.chunks[index];
    const offset = this.used;
    chunk.writeUInt32LE(keyLength, offset);
    chunk.writeUInt32LE(ownerLength, offset + 4);
    // Encoded again rather than copied from the scratch buffer: Buffer#copy of a few bytes is slower.
    writeUtf8(chunk, key, keyLength, offset + 8);
    writeUtf8(chunk, owner, ownerLength, offset + 8 + keyLength);
    // An oversized record fills its chunk: the next record starts a new one.
    this.used = size > chunkSize ? chunkSize : offset + size;
    return (index << chunkBits) | offset;
  }

  private grow(): void {
    const old = this.slots;
    const slots = (this.slots = new Int32Array(old.length * 2).fill(empty));
    const mask = (slots.length >>> 1) - 1;
    for (let from = 0; from < old.length; from += 2) {
      if (old[from] === empty) continue;
      let slot = old[from + 1] & mask;
      while (slots[2 * slot] !== empty) slot = (slot + 1) & mask;
      slots[2 * slot] = old[from];
      slots[2 * slot + 1] = old[from + 1];
    }
  }
}

/** A string's length in UTF-8: its own length when it is ASCII (every other code unit takes two or more bytes). */
function utf8Length(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return Buffer.byteLength(text, 'utf8');
  return text.length;
}

/**
 * Writes `text` (`length` bytes of UTF-8) at `offset`: byte by byte when it is ASCII (most userNames
 * and ids), which for a few dozen characters costs less than a call into Buffer#write.
 */
function writeUtf8(chunk: Buffer, text: string, length: number, offset: number): void {
  if (length !== text.length) {
    chunk.write(text, offset, length, 'utf8');
    return;
  }
  for (let i = 0; i < length; i++) chunk[offset + i] = text.charCodeAt(i);
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
}
