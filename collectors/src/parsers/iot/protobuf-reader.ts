// Protocol Buffers wire format, read defensively: every length is checked against what is
// left before it is used, varints stop at 10 bytes, and every read advances by at least one
// byte, so a corrupt or hostile message ends in a ProtobufError, never a throw of another kind
// or a loop. Groups (wire types 3 and 4) are refused: no schema read here uses them.

/** Why bytes are not a valid message of the schema being read. */
export class ProtobufError extends Error {
  override readonly name = 'ProtobufError';
}

/** Wire types of the Protocol Buffers encoding. */
export const WireType = { VARINT: 0, FIXED64: 1, LENGTH_DELIMITED: 2, FIXED32: 5 } as const;

const MAX_VARINT_BYTES = 10;

/** A cursor over one message's bytes. */
export class ProtobufReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** True when every byte has been read. */
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wire: number } {
    const key = this.varint();
    if (key > 0xffffffffn) throw new ProtobufError(`Field key ${key} at byte ${this.pos} is larger than 32 bits.`);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new ProtobufError(`Field number 0 at byte ${this.pos}.`);
    return { field, wire };
  }

  /** An unsigned varint of up to 64 bits. */
  varint(): bigint {
    let result = 0n;
    for (let i = 0; i < MAX_VARINT_BYTES; i += 1) {
      if (this.pos >= this.bytes.length) throw new ProtobufError('The message ends inside a varint.');
      const b = this.bytes[this.pos]!;
      this.pos += 1;
      if (i === MAX_VARINT_BYTES - 1 && b > 1) throw new ProtobufError('A varint is longer than 64 bits.');
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return result;
    }
    throw new ProtobufError('A varint is longer than 10 bytes.');
  }

  /** Four little-endian bytes. */
  fixed32(): DataView {
    return this.window(4);
  }

  /** Eight little-endian bytes. */
  fixed64(): DataView {
    return this.window(8);
  }

  /** The bytes of a length-delimited field (a view, not a copy). */
  lengthDelimited(): Uint8Array {
    const length = this.varint();
    const left = this.bytes.length - this.pos;
    if (length > BigInt(left)) throw new ProtobufError(`A field of ${length} bytes at byte ${this.pos} runs past the ${left} bytes left.`);
    const start = this.pos;
    this.pos += Number(length);
    return this.bytes.subarray(start, this.pos);
  }

  /** Skips a field of an unread or unknown kind. */
  skip(wire: number): void {
    switch (wire) {
      case WireType.VARINT:
        this.varint();
        return;
      case WireType.FIXED64:
        this.window(8);
        return;
      case WireType.LENGTH_DELIMITED:
        this.lengthDelimited();
        return;
      case WireType.FIXED32:
        this.window(4);
        return;
      default:
        throw new ProtobufError(`Wire type ${wire} at byte ${this.pos} is not supported.`);
    }
  }

  private window(size: number): DataView {
    if (this.bytes.length - this.pos < size) throw new ProtobufError(`The message ends inside a ${size}-byte field.`);
    const view = new DataView(this.view.buffer, this.view.byteOffset + this.pos, size);
    this.pos += size;
    return view;
  }
}
