// calfkit site: draws every static plotly figure and wires the JupyterHub launch button.
// plotly.js (window.Plotly) comes from _static/plotly.min.js, copied from the installed plotly package.
"use strict";

const CALFKIT_PLOT_CONFIG = { responsive: true, displaylogo: false, scrollZoom: false };
const CALFKIT_HUB_KEY = "calfkit-hub";

function calfkitReadJson(element) {
  return JSON.parse(element.textContent);
}

// Draw one figure container (.ck-figure holding .ck-plot and its JSON). Returns plotly's promise.
function calfkitDraw(figure, data, layout) {
  const plot = figure.querySelector(".ck-plot");
  const spec = figure.querySelector(".ck-figure-json");
  const source = spec ? calfkitReadJson(spec) : { data: [], layout: {} };
  const shown = Object.assign({}, layout || source.layout, { autosize: true });
  delete shown.width;
  return Plotly.react(plot, data || source.data, shown, CALFKIT_PLOT_CONFIG);
}

function calfkitHubAddress() {
  const fromQuery = new URLSearchParams(window.location.search).get("hub");
  if (fromQuery && /^https?:\/\/\S+$/.test(fromQuery)) {
    try { window.localStorage.setItem(CALFKIT_HUB_KEY, fromQuery); } catch (e) { /* storage off: use it once */ }
    return fromQuery;
  }
  let stored = null;
  try { stored = window.localStorage.getItem(CALFKIT_HUB_KEY); } catch (e) { stored = null; }
  const link = document.querySelector(".ck-hub-link");
  return stored || (link ? link.dataset.defaultHub : "") || "";
}

function calfkitShowHub() {
  const hub = calfkitHubAddress().replace(/\/+$/, "");
  document.querySelectorAll(".ck-hub-link").forEach((link) => {
    if (hub) {
      link.href = hub + link.dataset.gitpuller;
      link.textContent = "JupyterHub · " + hub.replace(/^https?:\/\//, "");
    } else {
      link.href = "#ck-hub-form";
      link.textContent = "JupyterHub (set its address)";
    }
  });
  const input = document.getElementById("ck-hub-address");
  if (input && hub && !input.value) input.value = hub;
}

function calfkitSetupHub() {
  const form = document.getElementById("ck-hub-form");
  if (!form) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = form.querySelector("input");
    const status = form.querySelector(".ck-hub-status");
    const value = input.value.trim();
    if (value && !/^https?:\/\/[^\s/]+/.test(value)) {
      status.textContent = "Type the whole address, starting with https://";
      return;
    }
    try {
      if (value) window.localStorage.setItem(CALFKIT_HUB_KEY, value);
      else window.localStorage.removeItem(CALFKIT_HUB_KEY);
    } catch (e) { /* storage off */ }
    calfkitShowHub();
    status.textContent = value ? "Saved: the JupyterHub button now opens " + value : "Cleared.";
  });
  document.querySelectorAll(".ck-hub-link").forEach((link) => {
    link.addEventListener("click", () => {
      if (link.getAttribute("href") === "#ck-hub-form") {
        const details = document.querySelector(".ck-hub-settings");
        if (details) details.open = true;
        const input = document.getElementById("ck-hub-address");
        if (input) input.focus();
      }
    });
  });
  calfkitShowHub();
}

// Draw the static figures under root that are shown (a prediction's hidden answer is drawn when it opens).
function calfkitInitFigures(root) {
  root.querySelectorAll(".ck-figure").forEach((figure) => {
    if (figure.closest(".ck-explorer.ck-live") || figure.closest("[hidden]") || figure.dataset.drawn) return;
    figure.dataset.drawn = "1";
    calfkitDraw(figure);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  calfkitInitFigures(document);
  calfkitSetupHub();
  document.querySelectorAll(".ck-print").forEach((button) => button.addEventListener("click", () => window.print()));
});
