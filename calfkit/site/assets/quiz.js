// calfkit site: the self-check quizzes graded in the page, from the same banks as the notebook widget.
// The rules follow calfkit.quiz.bank.grade (Python): one answer; tick all that apply (every right answer
// and no wrong one); a number rounded to the question's significant digits, then the answers tried in
// order (value: equal after rounding; range: low <= x < high), the default answer's feedback otherwise.
"use strict";

function calfkitParseNumber(text) {
  let cleaned = text.trim().replace(/%$/, "").trim().replace(/ /g, "");
  if (cleaned.includes(",") && !cleaned.includes(".")) cleaned = cleaned.replace(/,/g, ".");
  const parts = cleaned.split("/");
  const number = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  if (parts.length === 2 && number.test(parts[0]) && number.test(parts[1]) && Number(parts[1]) !== 0) {
    return Number(parts[0]) / Number(parts[1]);
  }
  if (parts.length === 1 && number.test(cleaned)) return Number(cleaned);
  return null;
}

function calfkitRound(x, precision) {
  if (precision === null || precision === undefined || x === 0) return x;
  return Number(x.toPrecision(precision));
}

function calfkitGrade(question, response) {
  const answers = question.answers;
  if (question.type === "multiple_choice") {
    if (response === null) return { answered: false, correct: false, heading: "Choose an answer, then press Check.", details: [] };
    const answer = answers[response];
    return { answered: true, correct: answer.correct, heading: answer.correct ? "Correct." : "Not quite.", details: [answer.feedback] };
  }
  if (question.type === "many_choice") {
    if (!response.length) return { answered: false, correct: false, heading: "Tick at least one answer, then press Check.", details: [] };
    const right = answers.map((a, i) => (a.correct ? i : -1)).filter((i) => i >= 0);
    const details = response.map((i) => answers[i].feedback);
    const missed = right.filter((i) => !response.includes(i)).length;
    if (missed) {
      details.push("There " + (missed === 1 ? "is" : "are") + " " + missed + " more correct answer" + (missed === 1 ? "" : "s") + " to tick.");
    }
    const correct = missed === 0 && response.every((i) => right.includes(i));
    return { answered: true, correct, heading: correct ? "Correct." : "Not quite.", details };
  }
  if (!response.trim()) return { answered: false, correct: false, heading: "Type a number, then press Check.", details: [] };
  const typed = calfkitParseNumber(response);
  if (typed === null || !Number.isFinite(typed)) {
    return { answered: false, correct: false, heading: "'" + response.trim() + "' is not a number: type digits such as 1.5, then press Check.", details: [] };
  }
  const x = calfkitRound(typed, question.precision);
  let fallback = "Not quite. Try again.";
  for (const answer of answers) {
    if (answer.kind === "value" && x === calfkitRound(answer.value, question.precision)) {
      return { answered: true, correct: answer.correct, heading: answer.correct ? "Correct." : "Not quite.", details: [answer.feedback] };
    }
    if (answer.kind === "range" && answer.range[0] <= x && x < answer.range[1]) {
      return { answered: true, correct: answer.correct, heading: answer.correct ? "Correct." : "Not quite.", details: [answer.feedback] };
    }
    if (answer.kind === "default") fallback = answer.feedback;
  }
  return { answered: true, correct: false, heading: "Not quite.", details: [fallback] };
}

function calfkitResponse(form, question) {
  if (question.type === "numeric") return form.querySelector("input[type=text]").value;
  const chosen = [...form.querySelectorAll("input:checked")].map((input) => Number(input.value));
  if (question.type === "multiple_choice") return chosen.length ? chosen[0] : null;
  return chosen;
}

function calfkitQuiz(section) {
  const bank = JSON.parse(section.querySelector(".ck-bank").textContent);
  const results = bank.map(() => null);
  const score = section.querySelector(".ck-score");
  section.querySelectorAll("form.ck-question").forEach((form) => {
    const question = bank[Number(form.dataset.question)];
    const feedback = form.querySelector(".ck-feedback");
    function check(event) {
      if (event) event.preventDefault();
      const verdict = calfkitGrade(question, calfkitResponse(form, question));
      feedback.className = "ck-feedback " + (!verdict.answered ? "ck-unanswered" : verdict.correct ? "ck-correct" : "ck-wrong");
      feedback.replaceChildren();
      const heading = document.createElement("p");
      const strong = document.createElement("strong");
      strong.textContent = (verdict.answered ? (verdict.correct ? "✔ " : "✘ ") : "") + verdict.heading;
      heading.append(strong);
      feedback.append(heading);
      for (const line of verdict.details) {
        const p = document.createElement("p");
        p.textContent = line;
        feedback.append(p);
      }
      if (verdict.answered) {
        results[Number(form.dataset.question)] = verdict.correct;
        const right = results.filter((r) => r === true).length;
        score.textContent = "Score so far: " + right + " of " + bank.length + " correct.";
      }
    }
    form.addEventListener("submit", check);
    // Enter on a radio button or a tick box checks too (browsers submit only from a text box).
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target instanceof HTMLInputElement && event.target.type !== "text") check(event);
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".ck-quiz").forEach(calfkitQuiz);
});
