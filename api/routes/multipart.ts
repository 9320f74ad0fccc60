/**
 * Reading a multipart body (document uploads, `/v2` deployments). A body that is not valid
 * multipart/form-data — boundary missing or not the one declared, truncated, a part without
 * headers — fails inside the parser with a plain error; it is the client's, answered 400
 * `MALFORMED_MULTIPART`, never a 5xx. Errors that already carry a status (limits, 413, our own
 * validation) pass through.
 */
import { AppError, type FieldError, type Lang } from '../errors.ts';
import { isStorableText, unstorableText, unstorableTextError } from '../plugins/bad-input.ts';
import { fieldErrors } from '../validation.ts';

export async function readMultipart<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof Error && ('statusCode' in err || 'status' in err)) throw err;
    throw new AppError('MALFORMED_MULTIPART');
  }
}

/**
 * The fields and file name of a multipart body holding text the database cannot store (NUL, lone
 * surrogates), named as a validation error names them — what the bad-input guard does for JSON bodies.
 */
export function unstorableParts(fields: Record<string, unknown>, fileName: string | undefined, lang: Lang): FieldError[] {
  const errors = fieldErrors('body', unstorableText(fields), lang);
  if (fileName !== undefined && !isStorableText(fileName)) errors.push(...fieldErrors('file', [unstorableTextError()], lang));
  return errors;
}
