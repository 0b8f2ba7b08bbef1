// calfkit site: a Think! prediction box (calfkit.widgets.prediction on a page with no kernel). The model
// answer and the demo are in the page but hidden; they open only after the learner locks a prediction in,
// or presses "Show without predicting". The verdict follows calfkit/widgets/prediction.py.
"use strict";

function calfkitFmt(x, decimals) {
  return x.toFixed(decimals);
}

function calfkitPredictVerdict(spec, value) {
  const b = (text) => { const el = document.createElement("b"); el.textContent = text; return el; };
  const p = document.createElement("p");
  if (spec.kind === "number") {
    const unit = spec.unit ? " " + spec.unit : "";
    const off = Math.abs(value - spec.value);
    const close = off <= Math.max(Math.abs(spec.value) * 0.1, Math.pow(10, -spec.decimals));
    p.append(b("You predicted " + value + unit + ". The kit's model gives " + calfkitFmt(spec.value, spec.decimals) + unit));
    p.append(close ? " — close: within a tenth of it."
      : " — you were " + calfkitFmt(off, spec.decimals) + unit + " " + (value > spec.value ? "too high" : "too low") + ".");
  } else if (spec.kind === "choice") {
    p.append(b("You chose “" + value + "”."));
    if (spec.correct !== null) p.append(value === spec.correct ? " That matches the evidence." : " The answer is “" + spec.correct + "”.");
  } else {
    p.append(b("Your prediction is locked in."), " Compare it with the model answer:");
  }
  return p;
}

function calfkitPredict(section) {
  const spec = JSON.parse(section.querySelector(".ck-predict-spec").textContent);
  const form = section.querySelector(".ck-predict-form");
  const message = section.querySelector(".ck-predict-message");
  const reveal = section.querySelector(".ck-reveal");
  const verdict = section.querySelector(".ck-verdict");

  function open(paragraph) {
    form.querySelectorAll("input, textarea, button").forEach((el) => { el.disabled = true; });
    message.textContent = "";
    verdict.replaceChildren(paragraph);
    reveal.hidden = false;
    calfkitInitFigures(reveal);
    calfkitInitExplorers(reveal);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    let value = null;
    if (spec.kind === "number") {
      const text = form.querySelector("input").value.trim();
      if (!text) { message.textContent = "Type a number first."; return; }
      value = calfkitParseNumber(text);
      if (value === null) { message.textContent = "'" + text + "' is not a number: type digits such as 1.5."; return; }
    } else if (spec.kind === "choice") {
      const chosen = form.querySelector("input:checked");
      if (!chosen) { message.textContent = "Choose one first."; return; }
      value = spec.choices[Number(chosen.value)];
    } else {
      value = form.querySelector("textarea").value.trim();
      if (!value) { message.textContent = "Write a sentence first."; return; }
    }
    open(calfkitPredictVerdict(spec, value));
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target instanceof HTMLInputElement && event.target.type === "radio") {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  section.querySelector(".ck-anyway").addEventListener("click", () => {
    const p = document.createElement("p");
    const b = document.createElement("b");
    b.textContent = "Shown without a prediction.";
    p.append(b, " Next time, commit a guess first: comparing it with the answer is where the learning happens.");
    open(p);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".ck-predict").forEach(calfkitPredict);
});
