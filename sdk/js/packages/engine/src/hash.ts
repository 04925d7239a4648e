/**
 * SHA-256 (synchronous, pure JavaScript: @noble/hashes, so no WebCrypto promise and no
 * node:crypto), UTF-8 and unpadded base64url: what the A/B bucket, the cache key and the content
 * URL are made of on the server (engine/choose.py, cachekey.py, contenturl.py).
 */

import { sha256 } from "@noble/hashes/sha2.js";

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function sha256Bytes(text: string): Uint8Array {
  return sha256(utf8(text));
}

export function sha256Hex(text: string): string {
  let out = "";
  for (const b of sha256Bytes(text)) out += b.toString(16).padStart(2, "0");
  return out;
}

const SCALE = 2 ** 64;

/** int.from_bytes(sha256(text)[:8], "big") / 2**64: a stable number in [0, 1). */
export function unitHash(text: string): number {
  const d = sha256Bytes(text);
  let n = 0n;
  for (let i = 0; i < 8; i++) n = (n << 8n) | BigInt(d[i] as number);
  return Number(n) / SCALE;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64.urlsafe_b64encode(utf8(text)) without the "=" padding. */
export function base64url(text: string): string {
  const bytes = utf8(text);
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const left = bytes.length - i;
  if (left === 1) {
    const n = (bytes[i] as number) << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (left === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}
