/**
 * Where document files live. The default stores them on disk under `DATA_DIR/documents`, by the
 * SHA-256 of their content; an S3-compatible store can implement the same interface.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface StoredFile {
  key: string;
  sha256: string;
  size: number;
}

export interface DocumentStorage {
  /** Stores bytes; returns the key to read them back. */
  put(bytes: Buffer): Promise<StoredFile>;
  get(key: string): Promise<Buffer>;
  /** Removes a file (used when the transaction that referenced it fails). */
  remove(key: string): Promise<void>;
}

/** Files on local disk, written atomically (temporary file, then rename). */
export function diskStorage(root: string): DocumentStorage {
  const pathOf = (key: string) => {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}-[0-9a-f-]{36}$/.test(key)) throw new Error('invalid storage key');
    return join(root, key);
  };
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const key = `${sha256.slice(0, 2)}/${sha256}-${randomUUID()}`;
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.tmp`;
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, path);
      return { key, sha256, size: bytes.length };
    },
    get: (key) => readFile(pathOf(key)),
    remove: (key) => rm(pathOf(key), { force: true }),
  };
}
