/**
 * form-js (Camunda Forms) behind a small interface. Loaded with `import()` only when a task is
 * opened, so the task list's own bundle stays small. Its field checks speak the user's language.
 */
import { Form, schemaVersion } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js-base.css';
import type { FormComponent, FormSchema } from './form-schema.ts';

export interface MountedForm {
  /** The form's data and its own field errors (by field id), shown beside the fields. */
  submit(): { data: Record<string, unknown>; errors: Record<string, string[]> };
  /** Shows errors (the API's) beside their fields. */
  setErrors(errors: Record<string, string[]>): void;
  data(): Record<string, unknown>;
  destroy(): void;
}

export interface FormTexts {
  required: string;
  tooLong: (n: number) => string;
}

/** form-js's validator, replaced: required and length, in the user's words. */
function validatorOf(texts: FormTexts) {
  const check = (field: FormComponent | undefined, value: unknown): string[] => {
    if (!field?.validate) return [];
    const empty = value === undefined || value === null || (typeof value === 'string' && !value.trim());
    if (field.validate.required && empty) return [texts.required];
    if (field.validate.maxLength && typeof value === 'string' && value.trim().length > field.validate.maxLength) return [texts.tooLong(field.validate.maxLength)];
    return [];
  };
  class LocalValidator {
    static $inject = ['formFieldRegistry'];
    constructor(private readonly registry: { get(id: string): FormComponent | undefined }) {}
    validateField(field: FormComponent, value: unknown) {
      return check(field, value);
    }
    validateFieldInstance(instance: { id: string }, value: unknown) {
      return check(this.registry.get(instance.id), value);
    }
  }
  return LocalValidator;
}

type Internal = Form & { _getState(): { data: Record<string, unknown> }; _setState(s: object): void };

export async function mountForm(container: HTMLElement, schema: FormSchema, texts: FormTexts, readOnly: boolean, data: Record<string, unknown> = {}): Promise<MountedForm> {
  const form = new Form({
    container,
    properties: { readOnly },
    additionalModules: [{ validator: ['type', validatorOf(texts)] }],
  }) as Internal;
  await form.importSchema({ ...schema, schemaVersion }, data);
  return {
    submit() {
      const { data, errors } = form.submit();
      return { data: data as Record<string, unknown>, errors: errors as Record<string, string[]> };
    },
    setErrors(errors) {
      form._setState({ errors });
    },
    data: () => form._getState().data,
    destroy() {
      // form-js's radio and checkbox groups read their (by then null) ref in their blur handler, and
      // Chromium fires blur when the focused field is removed: take the focus out while they are whole.
      const focused = document.activeElement;
      if (focused instanceof HTMLElement && container.contains(focused)) focused.blur();
      form.destroy();
    },
  };
}
