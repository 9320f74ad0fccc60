/** bpmn-js's stylesheets imported as text (`with { type: 'text' }`) by the lazily loaded viewer. */
declare module 'bpmn-js/dist/assets/*.css' {
  const css: string;
  export default css;
}
