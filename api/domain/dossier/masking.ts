/**
 * Masking personal data for the public dossier lookup. Rules:
 * - name: each word keeps its first letter, then one `*` per remaining letter, at most three
 *   (`Nguyễn Văn An` → `N*** V** A*`), so long names do not reveal their length;
 * - CCCD: the first 3 digits (province) and the last 2, the rest `*` (`001*******89`);
 * - phone: the first 3 and last 3 digits of the national form (`091****678`);
 * - address: only the last two comma-separated parts (commune, province); earlier parts become `***`;
 *   an address of one or two parts keeps only its last part.
 */

/** Mask a person's name. */
export function maskName(name: string): string {
  return name
    .normalize('NFC')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => {
      const letters = [...w];
      return letters[0] + '*'.repeat(Math.min(letters.length - 1, 3));
    })
    .join(' ');
}

/** Mask a 12-digit ID number; anything else is fully masked. */
export function maskCccd(id: string): string {
  const digits = id.trim();
  if (!/^\d{12}$/.test(digits)) return '*'.repeat(12);
  return digits.slice(0, 3) + '*'.repeat(7) + digits.slice(-2);
}

/** Mask a phone number; `+84` numbers are shown in their `0` form. */
export function maskPhone(phone: string): string {
  let s = phone.replace(/[\s.-]/g, '');
  if (s.startsWith('+84')) s = `0${s.slice(3)}`;
  if (!/^\d{9,11}$/.test(s)) return '*'.repeat(10);
  return s.slice(0, 3) + '*'.repeat(s.length - 6) + s.slice(-3);
}

/** Mask an address down to its last two parts. */
export function maskAddress(address: string): string {
  const parts = address.normalize('NFC').split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length <= 2) return parts.length === 0 ? '' : ['***', ...parts.slice(-1)].join(', ');
  return ['***', ...parts.slice(-2)].join(', ');
}
