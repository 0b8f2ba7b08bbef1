// calfkit keyboard guard: an invisible anywidget that looks after the controls inside calfkit's
// boxes (the DOM classes in its "scopes" trait: the explorers and the quiz). One set of listeners
// and one observer per page, however many guards are displayed; the guard draws nothing.
// * JupyterLab's command mode binds bare keys (arrows, J/K, A/B, D D) to notebook commands for any
//   focused element that is not editable, a <select> or a radio button included. Lumino skips its
//   shortcuts for targets inside an element with data-lm-suppress-shortcuts, so each <select> and
//   radio button gets that attribute when it gets focus.
// * ipywidgets draws radio buttons without a shared name, so the browser gives them no arrow keys:
//   ArrowDown/ArrowRight choose the next answer of the group, ArrowUp/ArrowLeft the previous one
//   (wrapping round), as in a native radio group. The choice is a click, which ipywidgets handles.
// * ipywidgets 8 draws a slider's handle (noUiSlider's role="slider") without a name: each handle
//   gets aria-label = its slider's visible description, once, when it is added to the page.
const ATTRIBUTE = "data-lm-suppress-shortcuts";
const FLAG = "__calfkitKeyboardGuard";
const STEP = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

function inside(scopes, selector) {
  return scopes.map((scope) => "." + scope + " " + selector).join(", ");
}

function nameHandle(handle) {
  if (handle.hasAttribute("aria-label")) return;
  const text = handle.closest(".widget-slider")?.querySelector(".widget-label")?.textContent.trim();
  if (text) handle.setAttribute("aria-label", text);
}

export default {
  render({ model, el }) {
    el.style.display = "none";
    if (globalThis[FLAG]) return;
    globalThis[FLAG] = true;
    const scopes = model.get("scopes");
    const guarded = inside(scopes, "select") + ", " + inside(scopes, "input[type=radio]");
    const radio = inside(scopes, ".widget-radio-box input[type=radio]");
    const handle = inside(scopes, ".widget-slider .noUi-handle");
    document.addEventListener("focusin", (event) => {
      if (event.target instanceof Element && event.target.matches(guarded)) event.target.setAttribute(ATTRIBUTE, "true");
    }, true);
    document.addEventListener("keydown", (event) => {
      const step = STEP[event.key];
      const target = event.target;
      if (!step || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (!(target instanceof HTMLInputElement) || !target.matches(radio)) return;
      const group = [...target.closest(".widget-radio-box").querySelectorAll("input[type=radio]")];
      const next = group[(group.indexOf(target) + step + group.length) % group.length];
      event.preventDefault();
      next.focus();
      next.click();
    }, true);
    const nameHandles = (root) => {
      if (root.matches(handle)) nameHandle(root);
      root.querySelectorAll(handle).forEach(nameHandle);
    };
    nameHandles(document.body);
    // Only added HTML elements can hold a handle (plotly's redraws add SVG elements: skipped).
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node instanceof HTMLElement) nameHandles(node);
      }
    }).observe(document.body, { childList: true, subtree: true });
  },
};
