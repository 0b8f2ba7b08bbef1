// calfkit live figure: a tiny anywidget module (anywidget has it at once, so it never drops the
// kernel's messages) that draws with plotly's own FigureWidget code. plotly's bundle (5 MB) is
// imported once per page and shared by every figure: from the Jupyter server's static files,
// which the browser caches (the kernel names the file in "_plotly_bundle"), or, where that fails,
// from the kernel in one custom message.
const CACHE = "__calfkitPlotly";
const REQUEST = "calfkit-plotly-bundle";
const AFTER_PAINT = "calfkit_after_paint"; // see hoverAfterPaint
// plotly's edit messages (traits "_py2js_<edit>"); its FigureModel applies each to the model's
// copy of the figure ("_widget_data", "_widget_layout"), from which every new view is drawn.
const EDITS = ["addTraces", "deleteTraces", "moveTraces", "restyle", "relayout", "update", "animate",
  "removeLayoutProps", "removeTraceProps"];

function shared() {
  return (globalThis[CACHE] ??= { modules: {}, figures: new Map() });
}

function publishedUrl(model) {
  const path = model.get("_plotly_bundle");
  const config = document.getElementById("jupyter-config-data");
  let base = null;
  try {
    base = config ? JSON.parse(config.textContent).fullLabextensionsUrl : null;
  } catch {
    base = null;
  }
  if (!path || !base) return null;
  return new URL(base.replace(/\/*$/, "/") + path, document.baseURI).href;
}

function fromKernel(model) {
  return new Promise((resolve, reject) => {
    const reply = (message, buffers) => {
      if (message?.type !== REQUEST) return;
      model.off("msg:custom", reply);
      const url = URL.createObjectURL(new Blob([buffers[0]], { type: "text/javascript" }));
      import(url).then(resolve, reject).finally(() => URL.revokeObjectURL(url));
    };
    model.on("msg:custom", reply);
    model.send({ type: REQUEST });
  });
}

function plotlyModule(model) {
  const modules = shared().modules;
  const version = model.get("_plotly_version");
  if (!modules[version]) {
    const url = publishedUrl(model);
    const load = url ? import(url) : Promise.reject(new Error("no published bundle on this page"));
    modules[version] = load.catch((error) => {
      console.warn("calfkit: plotly's bundle comes from the kernel:", error);
      return fromKernel(model);
    });
  }
  return modules[version];
}

// plotly.js' animate may skip a queued frame when several arrive at once (a busy page), so a
// frame must not depend on the one before it: once plotly's FigureModel has applied an animate
// edit (only the changed properties travel), the views get every trace whole, from the model's
// current copy of the figure.
function wholeTraces(model) {
  const message = model.get("_py2js_animate");
  if (message === null) return;
  const traces = model.get("_widget_data");
  message.style_data = structuredClone(traces);
  message.style_traces = traces.map((_, i) => i);
}

// Apply one edit that arrived before plotly's code was loaded, with plotly's own FigureModel.
function replay(module, model, edit, message) {
  const trait = "_py2js_" + edit;
  const view = { get: (name) => (name === trait ? message : model.get(name)), on() {} };
  new module.FigureModel(view, {})["do_" + edit]();
}

// Plotly sizes an autosized plot from its element's width when it draws it: 700 px if the
// element is not in the page yet. render() is often called before the view is attached (a
// figure displayed again, a cell run again), so wait for that first.
function attached(el, limitMs = 5000) {
  const start = performance.now();
  return new Promise((resolve) => {
    const check = () => (el.isConnected || performance.now() - start > limitMs ? resolve() : requestAnimationFrame(check));
    check();
  });
}

// plotly's widget view sizes its plot once, when it draws it, and afterwards follows only the
// window's resize (not its element's: a phone turned, a side panel opened, a page whose styles
// arrive late). Every view of the bundle also follows its element's width, with the view's own
// autosizeFigure (plotly's Plots.resize, then the new size to the kernel).
function followWidth(module) {
  const view = module.FigureView.prototype;
  if (view.calfkitFollowsWidth) return;
  view.calfkitFollowsWidth = true;
  const performRender = view.perform_render;
  const remove = view.remove;
  view.perform_render = function (...args) {
    const drawn = performRender.apply(this, args);
    let width = this.el.clientWidth;
    let frame = 0;
    this.calfkitWidth = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const now = this.el.clientWidth;
        if (now > 0 && now !== width && this.el._fullLayout) {
          width = now;
          this.autosizeFigure();
        }
      });
    });
    this.calfkitWidth.observe(this.el);
    return drawn;
  };
  view.remove = function (...args) {
    this.calfkitWidth?.disconnect();
    return remove.apply(this, args);
  };
}

// An animate marked AFTER_PAINT changes only hover text: each view draws it after the next paint
// (a frame, then a task), so what did change is painted first; with every trace whole from the
// model's copy as it is then, the latest state, whatever was drawn in between.
function hoverAfterPaint(module) {
  const view = module.FigureView.prototype;
  if (view.calfkitHoverAfterPaint) return;
  view.calfkitHoverAfterPaint = true;
  const doAnimate = view.do_animate;
  view.do_animate = function (...args) {
    const model = this.model;
    const message = model.get("_py2js_animate");
    if (!message?.[AFTER_PAINT]) return doAnimate.apply(this, args);
    requestAnimationFrame(() => setTimeout(() => {
      const traces = model.get("_widget_data");
      const latest = { ...message, style_data: structuredClone(traces), style_traces: traces.map((_, i) => i) };
      const own = Object.hasOwn(model, "get");
      const get = model.get;
      model.get = (name) => (name === "_py2js_animate" ? latest : get.call(model, name));
      try {
        doAnimate.apply(this, args); // plotly's reads its message once, at the start
      } finally {
        if (own) model.get = get;
        else delete model.get;
      }
    }, 0));
  };
}

// One entry per figure: the edits kept until plotly's code is loaded, and, from the first view
// on, the promise of plotly's widget for this figure.
function figure(model) {
  const figures = shared().figures;
  const key = model.get("_figure_key");
  if (!figures.has(key)) figures.set(key, { pending: [], keepers: [], ready: null });
  return figures.get(key);
}

// Load plotly's code (once per page) when the figure's first view is drawn, not when its model is
// created: a figure behind a closed "predict first" box costs the page nothing. In one task: the
// edits kept so far are applied in order, then plotly's FigureModel applies the later ones itself.
function plotlyWidget(model) {
  const state = figure(model);
  state.ready ??= plotlyModule(model).then((module) => {
    for (const [edit, keep] of state.keepers) model.off("change:_py2js_" + edit, keep);
    for (const [edit, message] of state.pending) replay(module, model, edit, message);
    state.pending.length = 0;
    followWidth(module);
    hoverAfterPaint(module);
    const widget = module.default();
    widget.initialize({ model });
    model.on("change:_py2js_animate", () => wholeTraces(model)); // after the FigureModel, before any view
    return widget;
  });
  return state.ready;
}

export default {
  initialize({ model }) {
    const state = figure(model);
    state.keepers = EDITS.map((edit) => {
      const keep = () => {
        const message = model.get("_py2js_" + edit);
        if (message !== null) state.pending.push([edit, message]);
      };
      model.on("change:_py2js_" + edit, keep);
      return [edit, keep];
    });
    return () => shared().figures.delete(model.get("_figure_key"));
  },
  async render({ model, el }) {
    const widget = await plotlyWidget(model);
    await attached(el);
    return widget.render({ model, el });
  },
};
