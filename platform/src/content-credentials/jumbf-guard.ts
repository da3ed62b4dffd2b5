/**
 * A walk over a manifest store's JUMBF box headers before c2pa-ts parses it. c2pa-ts allocates each box
 * by its declared length before reading it (a 64-byte file declaring 1 GB got a 1 GB ArrayBuffer) and
 * recurses once per nesting level (20,000 levels overflowed the stack), so a hostile upload is refused
 * here, cheaply: every box must lie inside its parent, and nesting and box counts stay within what real
 * manifest stores use.
 */

/** A C2PA store nests store → manifest → assertion store → assertion (a few more in ingredients). */
const MAX_DEPTH = 16;
const MAX_BOXES = 10_000;
const SUPERBOX = 'jumb';

export function jumbfStructureProblem(data: Uint8Array): string | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let boxes = 0;

  const walk = (start: number, end: number, depth: number): string | undefined => {
    if (depth > MAX_DEPTH) return `JUMBF nested deeper than ${MAX_DEPTH} boxes`;
    for (let offset = start; offset < end;) {
      if (++boxes > MAX_BOXES) return `more than ${MAX_BOXES} JUMBF boxes`;
      if (offset + 8 > end) return 'truncated JUMBF box header';
      const declared = view.getUint32(offset);
      const type = String.fromCharCode(...data.subarray(offset + 4, offset + 8));
      let headerLength = 8;
      let length: number;
      if (declared === 1) {
        // XLBox: a 64-bit length; anything past the buffer fails the check below before use.
        if (offset + 16 > end) return 'truncated JUMBF box header';
        const extended = view.getBigUint64(offset + 8);
        length = extended > BigInt(end - offset) ? Infinity : Number(extended);
        headerLength = 16;
      } else {
        // 0 means "to the end of the enclosing box" (ISO 15444-1).
        length = declared === 0 ? end - offset : declared;
      }
      if (length < headerLength || offset + length > end) return `JUMBF box "${type}" overruns its container`;
      if (type === SUPERBOX) {
        const problem = walk(offset + headerLength, offset + length, depth + 1);
        if (problem) return problem;
      }
      offset += length;
    }
    return undefined;
  };

  return walk(0, data.length, 0);
}
