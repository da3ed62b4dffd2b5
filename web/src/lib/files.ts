// Helpers for reading files in the browser, shared by the features that send a file's bytes to the API
// (a signature, a file to verify): one implementation, so the encodings cannot drift apart.

/** Standard base64 of the bytes (what the API's `…Base64` fields take), in chunks so a 2 MB file does not overflow the stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
