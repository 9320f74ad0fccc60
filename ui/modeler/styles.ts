/**
 * The modeler's stylesheets (diagram-js, bpmn-js, the BPMN icon font embedded as data, the properties
 * panel, element templates, popup menus, @camunda/linting), imported as text and inserted once as a
 * <style> when the modeler loads: they stay out of every other page, and nothing comes from a CDN.
 */
import diagramCss from 'camunda-bpmn-js/dist/assets/diagram-js.css' with { type: 'text' };
import bpmnCss from 'camunda-bpmn-js/dist/assets/bpmn-js.css' with { type: 'text' };
import fontCss from 'camunda-bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css' with { type: 'text' };
import panelCss from 'camunda-bpmn-js/dist/assets/properties-panel.css' with { type: 'text' };
import colorCss from 'camunda-bpmn-js/dist/assets/color-picker.css' with { type: 'text' };
import templatesCss from 'camunda-bpmn-js/dist/assets/element-templates.css' with { type: 'text' };
import chooserCss from 'camunda-bpmn-js/dist/assets/element-template-chooser.css' with { type: 'text' };
import popupCss from 'camunda-bpmn-js/dist/assets/popup-menu.css' with { type: 'text' };
import lintingCss from '@camunda/linting/assets/linting.css' with { type: 'text' };

let inserted = false;

/** Inserts the stylesheets once (before the app's own, which may override them). */
export function addModelerStyles(): void {
  if (inserted) return;
  inserted = true;
  const style = document.createElement('style');
  style.dataset.source = 'camunda-bpmn-js';
  // The embedded font's first @font-face names .eot/.svg files that are not served: keep only the data: URL face.
  const font = fontCss.replace(/@font-face\s*{[^}]*bpmn\.eot[^}]*}/g, '').replace(/@media screen and \(-webkit-min-device-pixel-ratio:0\)\s*{[^{}]*{[^}]*}\s*}/g, '');
  style.textContent = [diagramCss, bpmnCss, font, panelCss, colorCss, templatesCss, chooserCss, popupCss, lintingCss].join('\n');
  document.head.prepend(style);
}
