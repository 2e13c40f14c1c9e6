/**
 * Many small byte strings as one transferable buffer: a chunk's message values go to the worker
 * thread, and its serialized vectors come back, in one postMessage each (the ArrayBuffer is moved,
 * not copied, and nothing is structured-cloned per message).
 */
export interface Packed {
  bytes: Uint8Array;
  /** Byte length of each entry; -1 for a null value (a tombstone). */
  lens: Int32Array;
}

export function packBuffers(values: readonly (Buffer | null)[]): Packed {
  const lens = new Int32Array(values.length);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    lens[i] = v ? v.length : -1;
    if (v) total += v.length;
  }
  // Unpooled, so the ArrayBuffer holds only this and can be transferred.
  const bytes = Buffer.allocUnsafeSlow(total);
  let at = 0;
  for (const v of values) {
    if (!v) continue;
    v.copy(bytes, at);
    at += v.length;
  }
  return { bytes, lens };
}

export function packStrings(values: readonly string[]): Packed {
  const lens = new Int32Array(values.length);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += lens[i] = Buffer.byteLength(values[i]!, 'utf8');
  const bytes = Buffer.allocUnsafeSlow(total);
  let at = 0;
  for (const v of values) at += bytes.write(v, at, 'utf8');
  return { bytes, lens };
}

/** The entries of a packed buffer, as views on it (no copies). */
export function unpack(p: Packed): (Buffer | null)[] {
  const buf = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
  const out: (Buffer | null)[] = new Array(p.lens.length);
  let at = 0;
  for (let i = 0; i < p.lens.length; i++) {
    const n = p.lens[i]!;
    if (n < 0) out[i] = null;
    else {
      out[i] = buf.subarray(at, at + n);
      at += n;
    }
  }
  return out;
}

/** What to hand postMessage as transferables. */
export function transferables(...packed: Packed[]): ArrayBuffer[] {
  return packed.map((p) => p.bytes.buffer as ArrayBuffer);
}

