// Reads BPMN files with bpmn-moddle, the model under bpmn-js and Camunda Modeler, and
// prints one JSON line per file: its warnings (unknown elements, unresolved
// references, ...) and what it found, so the Python tests can look at both.
import { readFileSync } from "node:fs";
import { BpmnModdle } from "bpmn-moddle";

const moddle = new BpmnModdle();
for (const path of process.argv.slice(2)) {
  const xml = readFileSync(path, "utf8");
  try {
    const { rootElement, warnings } = await moddle.fromXML(xml);
    const found = {};
    const visit = (element) => {
      if (!element || typeof element !== "object" || !element.$type) return;
      found[element.$type] = (found[element.$type] || 0) + 1;
      for (const key of Object.keys(element)) {
        if (key.startsWith("$")) continue;
        const value = element[key];
        if (Array.isArray(value)) value.forEach((v) => v && v.$type && v.$parent === element && visit(v));
        else if (value && value.$type && value.$parent === element) visit(value);
      }
    };
    visit(rootElement);
    const messages = warnings.map((w) => w.message);
    console.log(JSON.stringify({ path, warnings: messages, found }));
  } catch (error) {
    console.log(JSON.stringify({ path, error: String(error) }));
  }
}
