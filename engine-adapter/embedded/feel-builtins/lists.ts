/** Camunda's list extensions (feel-scala): duplicate values, is empty, partition. */
import { builtin, isList, isNumber } from './helpers.ts';

/** Equality of FEEL values for de-duplication (temporals compare by their ISO text). */
const keyOf = (v: unknown): string => JSON.stringify(v ?? null);

export const listFunctions = {
  'duplicate values': builtin(['list'], (list) => {
    if (!isList(list)) return null;
    const counts = new Map<string, { item: unknown; count: number }>();
    for (const item of list) {
      const entry = counts.get(keyOf(item)) ?? { item, count: 0 };
      entry.count++;
      counts.set(keyOf(item), entry);
    }
    return [...counts.values()].filter((e) => e.count > 1).map((e) => e.item);
  }),
  'is empty': builtin(['list'], (list) => (isList(list) ? list.length === 0 : null)),
  partition: builtin(['list', 'size'], (list, size) => {
    if (!isList(list) || !isNumber(size) || !Number.isInteger(size) || size <= 0) return null;
    const out: unknown[][] = [];
    for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
    return out;
  }),
};
