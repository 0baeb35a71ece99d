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
  /** The UTF-8 length of the key slotOf last looked up, when it encoded it into the scratch buffer; else -1. */
  private keyLength = -1;

  get size(): number {
    return this.count;
  }

  /** Claims `key` for `owner`: undefined when it was free (now taken), else the owner that took it first. */
  claim(key: string, owner: string): string | undefined {
    const hash = hashOf(key);
    const slot = this.slotOf(key, hash);
    const place = this.slots[2 * slot];
    if (place !== empty) return this.ownerAt(place);
    this.slots[2 * slot] = this.store(key, this.keyLength < 0 ? utf8Length(key) : this.keyLength, owner);
    this.slots[2 * slot + 1] = hash;
    if (++this.count * 4 > this.slots.length) this.grow();
    return undefined;
  }

  /** The owner that claimed `key`, if any (claiming nothing). */
  ownerOf(key: string): string | undefined {
    const place = this.slots[2 * this.slotOf(key, hashOf(key))];
    return place === empty ? undefined : this.ownerAt(place);
  }

  /**
   * Gives `key` back when `owner` holds it (the object failed: its write never reached the target), so a
   * later claim takes it. The record's bytes stay in their chunk, unreached: failures are few.
   */
  release(key: string, owner: string): void {
    const slot = this.slotOf(key, hashOf(key));
    const place = this.slots[2 * slot];
    if (place !== empty && this.ownerAt(place) === owner) this.vacate(slot);
  }

  /** The slot holding `key`, or the empty one that ends its probe run; keyLength is its UTF-8 length if it had to be encoded, else -1. */
  private slotOf(key: string, hash: number): number {
    // Encoded only to compare with a stored key of the same hash: most values are new and never are.
    this.keyLength = -1;
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let slot = hash & mask;
    for (let place = slots[2 * slot]; place !== empty; place = slots[2 * slot]) {
      if (slots[2 * slot + 1] === hash) {
        if (this.keyLength < 0) this.keyLength = this.encode(key);
        if (this.keyAt(place, this.keyLength)) return slot;
      }
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /**
   * Empties a slot and moves each later slot of its probe run whose home slot is not between the hole
   * and it back into the hole, so that every key stays on its probe run (deletion under linear probing).
   */
  private vacate(slot: number): void {
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let hole = slot;
    for (let next = (hole + 1) & mask; slots[2 * next] !== empty; next = (next + 1) & mask) {
      const home = slots[2 * next + 1] & mask;
      const stays = hole < next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      slots[2 * hole] = slots[2 * next];
      slots[2 * hole + 1] = slots[2 * next + 1];
      hole = next;
    }
    slots[2 * hole] = empty;
    this.count--;
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
