// calfkit site: an explorer whose views were computed ahead (calfkit/site/precompute.py) works in the
// page with no kernel. The pack holds the first view's traces ("base"), and for each trace property that
// varies the table numbers of its values over the controls it depends on ("props"), or each view's
// traces whole ("whole"); readouts and descriptions are lists of shared text pieces.
"use strict";

function calfkitViewIndex(pack, indexes) {
  // Views are in itertools.product order: the last control changes fastest.
  let view = 0;
  pack.controls.forEach((control, i) => { view = view * control.labels.length + indexes[i]; });
  return view;
}

function calfkitTraces(pack, view, indexes) {
  if (pack.whole) return pack.table[pack.whole[view]];
  const traces = JSON.parse(JSON.stringify(pack.base));
  for (const prop of pack.props) {
    let cell = 0;
    for (const dim of prop.dims) cell = cell * pack.controls[dim].labels.length + indexes[dim];
    const number = prop.cells[cell];
    if (number < 0) continue;
    let target = traces;
    for (let k = 0; k < prop.path.length - 1; k += 1) target = target[prop.path[k]];
    target[prop.path[prop.path.length - 1]] = JSON.parse(JSON.stringify(pack.table[number]));
  }
  return traces;
}

function calfkitText(pack, list) {
  return list.map((piece) => pack.pieces[piece]).join("");
}

function calfkitEscape(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function calfkitExplorer(section) {
  const pack = JSON.parse(section.querySelector(".ck-pack").textContent);
  const inputs = pack.controls.map((control, i) => document.getElementById(section.id + "-c" + i));
  const figure = section.querySelector(".ck-figure");
  const readout = section.querySelector(".ck-readout");
  const description = section.querySelector(".ck-description");

  function indexes() {
    return inputs.map((input, i) => {
      const kind = pack.controls[i].kind;
      if (kind === "checkbox") return input.checked ? 1 : 0;
      return Number(input.value);
    });
  }

  function show() {
    const at = indexes();
    inputs.forEach((input, i) => {
      if (pack.controls[i].kind !== "range") return;
      const label = pack.controls[i].labels[at[i]];
      input.setAttribute("aria-valuetext", label);
      const out = document.getElementById(input.id + "-out");
      if (out) out.textContent = label;
    });
    const view = calfkitViewIndex(pack, at);
    const error = pack.errors[view];
    if (error) {
      if (readout) readout.innerHTML = "<p><b>Cannot compute this combination:</b> " + calfkitEscape(error) + "</p>";
      return Promise.resolve();
    }
    if (readout) readout.innerHTML = calfkitText(pack, pack.readout[view]);
    const words = calfkitText(pack, pack.description[view]);
    if (description) description.textContent = words;
    if (!figure) return Promise.resolve();
    figure.setAttribute("aria-label", words);
    return calfkitDraw(figure, calfkitTraces(pack, view, at));
  }

  inputs.forEach((input) => input.addEventListener("input", show));
  inputs.forEach((input) => input.addEventListener("change", show));
  show();
}

// Start the explorers under root that are shown (a prediction's hidden demo starts when it opens).
function calfkitInitExplorers(root) {
  root.querySelectorAll(".ck-explorer.ck-live").forEach((section) => {
    if (section.closest("[hidden]") || section.dataset.started) return;
    section.dataset.started = "1";
    calfkitExplorer(section);
  });
}

document.addEventListener("DOMContentLoaded", () => calfkitInitExplorers(document));
