/**
 * The file types a scanned document may have (PDF, JPEG, PNG, TIFF), recognised by their first bytes,
 * never by the name or the declared type. Pure: the API checks uploads with it, the reception desk
 * checks a file before sending it.
 */
const SIGNATURES: Array<{ mime: string; bytes: number[] }> = [
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { mime: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
];

/** How many first bytes decide the type. */
export const SIGNATURE_BYTES = 8;

/** The type of a file from its first bytes, or null when it is not an allowed type. */
export function fileTypeOf(head: ArrayLike<number>): string | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => head[i] === b))?.mime ?? null;
}
