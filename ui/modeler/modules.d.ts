/** Types of the modeler's packages that ship none, and their stylesheets imported as text. */
declare module 'camunda-bpmn-js/dist/assets/*.css' {
  const css: string;
  export default css;
}
declare module 'camunda-bpmn-js/dist/assets/bpmn-font/css/*.css' {
  const css: string;
  export default css;
}
declare module '@camunda/linting/assets/linting.css' {
  const css: string;
  export default css;
}
declare module '@camunda/linting' {
  export class Linter {
    constructor(options?: { modeler?: 'desktop' | 'web'; type?: 'cloud' | 'platform' });
    lint(contents: unknown): Promise<Array<{ id: string; message: string; category: string; rule: string }>>;
  }
}
declare module '@camunda/linting/modeler' {
  const module: unknown;
  export default module;
}
declare module 'bpmn-js-differ' {
  export function diff(oldDefinitions: unknown, newDefinitions: unknown): {
    _added: Record<string, { $type: string; id: string }>;
    _removed: Record<string, { $type: string; id: string }>;
    _changed: Record<string, { model: { $type: string; id: string; name?: string }; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }>;
    _layoutChanged: Record<string, { $type: string; id: string }>;
  };
}
