/** Camunda's string extensions (feel-scala): extract, trim, uuid, base64, is blank, string join with prefix/suffix. */
import { randomUUID } from 'node:crypto';
import { builtin, isList, isString, regex } from './helpers.ts';

export const stringFunctions = {
  extract: builtin(['string', 'pattern'], (s, p) => {
    if (!isString(s) || !isString(p)) return null;
    const re = regex(p, 'g');
    return re ? [...s.matchAll(re)].map((m) => m[0]) : null;
  }),
  trim: builtin(['string'], (s) => (isString(s) ? s.trim() : null)),
  uuid: builtin([], () => randomUUID()),
  'to base64': builtin(['value'], (s) => (isString(s) ? Buffer.from(s, 'utf8').toString('base64') : null)),
  'from base64': builtin(['value'], (s) => {
    if (!isString(s) || !/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return null;
    return Buffer.from(s, 'base64').toString('utf8');
  }),
  'is blank': builtin(['string'], (s) => (isString(s) ? s.trim() === '' : null)),
  'string join': builtin(['list', 'delimiter', 'prefix', 'suffix'], (list, delimiter, prefix, suffix) => {
    if (!isList(list) || [delimiter, prefix, suffix].some((v) => v !== null && !isString(v))) return null;
    if (list.some((item) => item !== null && !isString(item))) return null;
    return `${prefix ?? ''}${list.filter((item) => item !== null).join(delimiter ?? '')}${suffix ?? ''}`;
  }),
};
