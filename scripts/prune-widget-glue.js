// Keeps in the widget's JS glue only what its final WebAssembly uses.
// wasm-bindgen writes the glue for the whole crate graph, including the
// stream classes that server functions export (the widget calls none,
// and scripts/build-widget drops those exports from the WebAssembly); once
// wasm-opt has dropped what they alone reached, this drops from the glue
// every import the module no longer asks for, and every top-level class
// or constant that calls an export it no longer has.
// Usage: node scripts/prune-widget-glue.js GLUE.js MODULE.wasm
"use strict";
const fs = require("fs");
const path = require("path");
const acorn = require(path.join(__dirname, "../end2end/node_modules/acorn"));

const [glueFile, wasmFile] = process.argv.slice(2);
const glue = fs.readFileSync(glueFile, "utf8");
const module_ = new WebAssembly.Module(fs.readFileSync(wasmFile));
const imported = new Set(WebAssembly.Module.imports(module_).map((i) => i.name));
const exported = new Set(WebAssembly.Module.exports(module_).map((e) => e.name));

const ast = acorn.parse(glue, { ecmaVersion: "latest", sourceType: "module" });
const cuts = [];

// Top-level statements that call an export the module no longer has, and
// then those that name what was dropped, until none is left.
const callsGone = (text) => [...text.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)].some((m) => !exported.has(m[1]));
const dropped = new Set();
const names = (node) => {
  const declaration = node.type === "ExportNamedDeclaration" ? node.declaration : node;
  if (!declaration) return [];
  if (declaration.type === "ClassDeclaration" || declaration.type === "FunctionDeclaration") return [declaration.id.name];
  if (declaration.type === "VariableDeclaration") return declaration.declarations.map((d) => d.id.name).filter(Boolean);
  return [];
};
const namesDropped = (text) =>
  [...text.matchAll(/[A-Za-z_$][\w$]*/g)].some((m) => dropped.has(m[0]));
let kept = ast.body;
for (let changed = true; changed; ) {
  changed = false;
  kept = kept.filter((node) => {
    const text = glue.slice(node.start, node.end);
    if (node.type === "FunctionDeclaration" && node.id.name === "__wbg_get_imports") return true;
    if (!callsGone(text) && !namesDropped(text)) return true;
    names(node).forEach((n) => dropped.add(n));
    cuts.push([node.start, node.end]);
    changed = true;
    return false;
  });
}

// The imports object's functions the module does not import.
let importsObject = null;
for (const node of ast.body) {
  if (node.type === "FunctionDeclaration" && node.id.name === "__wbg_get_imports") {
    for (const statement of node.body.body) {
      if (statement.type !== "VariableDeclaration") continue;
      const init = statement.declarations[0].init;
      if (init && init.type === "ObjectExpression") importsObject = init;
    }
  }
}
if (!importsObject) throw new Error("the glue has no imports object: wasm-bindgen's output changed");
const properties = importsObject.properties;
properties.forEach((p, i) => {
  const name = p.key && (p.key.name || p.key.value);
  if (p.value.type !== "FunctionExpression" || imported.has(name)) return;
  // The property with its comma.
  const end = i + 1 < properties.length ? properties[i + 1].start : p.end;
  cuts.push([p.start, end]);
});

let pruned = glue;
for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) {
  pruned = pruned.slice(0, start) + pruned.slice(end);
}
fs.writeFileSync(glueFile, pruned);
console.log(`pruned the widget's glue: ${cuts.length} pieces, ${glue.length - pruned.length} bytes`);
