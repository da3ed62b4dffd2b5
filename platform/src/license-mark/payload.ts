/**
 * The mark's 64-bit payload: 48 bits of the license's id and a CRC-16 over them. The 48 bits are the
 * first 12 hex digits of the id (time_low and time_mid of the UUID layout), which are all random in a
 * version-4 UUID: the version nibble (13th digit) and the variant bits (17th digit) come after them, so
 * no fixed bit is spent. 48 bits name a license among a million with a chance of 1 in 2.8e8 that another
 * license shares the prefix; the lookup by prefix (`licensePrefixOf`) returns every candidate anyway.
 *
 * The CRC is what lets the detector refuse instead of guessing: a decode that went wrong passes the
 * check with probability 2^-16 (see detect.ts for the whole false-positive bound).
 */

export const PAYLOAD_BITS = 64;
const ID_BITS = 48n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xffff) over the 6 bytes of a 48-bit value,
 * most significant byte first. Detects every error burst up to 16 bits and misses a random pattern
 * with probability 2^-16.
 */
export function crc16(id48: bigint): number {
  let crc = 0xffff;
  for (let shift = 40n; shift >= 0n; shift -= 8n) {
    crc ^= Number((id48 >> shift) & 0xffn) << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The payload to embed for a license: its id's first 48 bits, then their CRC-16. */
export function markPayloadOf(licenseId: string): bigint {
  if (!UUID.test(licenseId)) throw new Error(`not a UUID: ${licenseId}`);
  const id48 = BigInt(`0x${licenseId.slice(0, 8)}${licenseId.slice(9, 13)}`);
  return (id48 << 16n) | BigInt(crc16(id48));
}

/** Whether a 64-bit value is a payload `markPayloadOf` can give: its low 16 bits check its high 48. */
export function isMarkPayload(payload: bigint): boolean {
  if (payload < 0n || payload >> BigInt(PAYLOAD_BITS) !== 0n) return false;
  return Number(payload & 0xffffn) === crc16(payload >> 16n);
}

/**
 * The license id's prefix a payload names, as the id is written ("1a2b3c4d-5e6f"): every license whose
 * id starts with it is a candidate (normally exactly one).
 */
export function licensePrefixOf(payload: bigint): string {
  if (!isMarkPayload(payload)) throw new Error('not a license mark payload (check bits do not match)');
  const hex = (payload >> 16n).toString(16).padStart(Number(ID_BITS / 4n), '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}`;
}

/** The payload's bits, most significant first. */
export function payloadBits(payload: bigint): Uint8Array {
  const bits = new Uint8Array(PAYLOAD_BITS);
  for (let i = 0; i < PAYLOAD_BITS; i++) bits[i] = Number((payload >> BigInt(PAYLOAD_BITS - 1 - i)) & 1n);
  return bits;
}

export function payloadOfBits(bits: ArrayLike<number>): bigint {
  let payload = 0n;
  for (let i = 0; i < PAYLOAD_BITS; i++) payload = (payload << 1n) | BigInt(bits[i]! & 1);
  return payload;
}
