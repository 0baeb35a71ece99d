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
  /** Each slot: the record's place (chunk << 20 | offset), or -1. */
  private places = new Int32Array(1 << 10).fill(empty);
  private hashes = new Int32Array(1 << 10);
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
    const mask = this.places.length - 1;
    let slot = hash & mask;
    for (let place = this.places[slot]; place !== empty; place = this.places[slot]) {
      if (this.hashes[slot] === hash) {
        if (keyLength < 0) keyLength = this.encode(key);
        if (this.keyAt(place, keyLength)) return this.ownerAt(place);
      }
      slot = (slot + 1) & mask;
    }
    this.places[slot] = this.store(key, keyLength < 0 ? Buffer.byteLength(key, 'utf8') : keyLength, owner);
    this.hashes[slot] = hash;
    if (++this.count * 2 > this.places.length) this.grow();
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
    const ownerLength = Buffer.byteLength(owner, 'utf8');
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
    chunk.write(key, offset + 8, keyLength, 'utf8');
    chunk.write(owner, offset + 8 + keyLength, 'utf8');
    // An oversized record fills its chunk: the next record starts a new one.
    this.used = size > chunkSize ? chunkSize : offset + size;
    return (index << chunkBits) | offset;
  }

  private grow(): void {
    const places = this.places;
    const hashes = this.hashes;
    this.places = new Int32Array(places.length * 2).fill(empty);
    this.hashes = new Int32Array(places.length * 2);
    const mask = this.places.length - 1;
    for (let old = 0; old < places.length; old++) {
      if (places[old] === empty) continue;
      let slot = hashes[old] & mask;
      while (this.places[slot] !== empty) slot = (slot + 1) & mask;
      this.places[slot] = places[old];
      this.hashes[slot] = hashes[old];
    }
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
}
