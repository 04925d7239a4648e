/**
 * Automatic persisted queries (APQ), as the CMS supports them (personalization/api/documents.py):
 * a request sends `extensions.persistedQuery = {version: 1, sha256Hash}` without the query text;
 * the CMS answers PERSISTED_QUERY_NOT_FOUND the first time, the client sends the text with the
 * hash once, and every later request (from any process: the store is shared) is the hash alone.
 */

const hashes = new Map<string, Promise<string>>();

/** Hex SHA-256 of the query text, with Web Crypto (Node 20, browsers and edge runtimes). */
export function sha256Hex(text: string): Promise<string> {
  let found = hashes.get(text);
  if (!found) {
    found = crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then((buffer) =>
      Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join(""),
    );
    hashes.set(text, found);
  }
  return found;
}

export function persistedQuery(sha256Hash: string): { persistedQuery: { version: 1; sha256Hash: string } } {
  return { persistedQuery: { version: 1, sha256Hash } };
}
