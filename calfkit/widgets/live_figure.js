// calfkit live figure: a tiny anywidget module, so the model is ready at once, that draws
// with plotly's own FigureWidget code, loaded once per page and shared by every figure.
const CACHE = "__calfkitPlotlyWidget";

function plotlyWidget(model) {
  const cache = (globalThis[CACHE] ??= {});
  const version = model.get("_plotly_version");
  if (!cache[version]) {
    const url = URL.createObjectURL(new Blob([model.get("_plotly_esm")], { type: "text/javascript" }));
    cache[version] = import(url).finally(() => URL.revokeObjectURL(url));
  }
  return cache[version];
}

// Plotly sizes an autosized plot from its element's width when it draws it: 700 px if the
// element is not in the page yet. Once the bundle is loaded, render() is often called before
// the view is attached (a figure displayed again, a cell run again), so wait for that first.
function attached(el, limitMs = 5000) {
  const start = performance.now();
  return new Promise((resolve) => {
    const check = () => (el.isConnected || performance.now() - start > limitMs ? resolve() : requestAnimationFrame(check));
    check();
  });
}

export default {
  async render({ model, el }) {
    const module = await plotlyWidget(model);
    await attached(el);
    const widget = await module.default();
    widget.initialize({ model });
    return widget.render({ model, el });
  },
};
