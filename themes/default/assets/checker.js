// 材料自查 on a matter page: rules from <script id="checker-rules"> (docs/checker.md), words from the
// theme's labels (data-t-* on the root). Nothing is stored or sent. Without JavaScript the section stays
// hidden; the 信息表 above lists every material with its condition in words.
(() => {
  "use strict";
  const root = document.querySelector("[data-checker-root]");
  const source = document.getElementById("checker-rules");
  if (!root || !source) { return; }
  let rules;
  try { rules = JSON.parse(source.textContent); } catch (e) { return; }
  const html = document.documentElement;
  const DAY = 86400000;
  const say = (name) => root.getAttribute("data-t-" + name) || "";
  const all = (selector, within) => [...(within || root).querySelectorAll(selector)];
  const one = (selector, within) => (within || root).querySelector(selector);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  const joined = (names) => names.join(say("separator"));
  const el = (tag, text, attrs = {}) => {
    const node = document.createElement(tag);
    if (text != null) { node.textContent = text; }
    Object.keys(attrs).forEach((k) => node.setAttribute(k, attrs[k]));
    return node;
  };

  const lists = {
    required: one("[data-checker=required]"),
    undetermined: one("[data-checker=undetermined]"),
    notRequired: one("[data-checker=not-required]"),
  };
  const items = all("[data-material]", lists.required); // rendered in material order
  const steps = all("[data-checker=schedule] > [data-step]");
  const agree = items.length === rules.materials.length && steps.length === rules.steps.length &&
    items.every((li, i) => li.getAttribute("data-material") === rules.materials[i].name) &&
    steps.every((li, i) => li.getAttribute("data-step") === rules.steps[i].name);
  if (!agree) { return; } // page and rules disagree: leave the section hidden, the 信息表 still says it all

  // Each question's fieldset gets an id, so "还要回答：认定类别" can link to it.
  const questionIds = {};
  all("fieldset[data-question]").forEach((f, i) => {
    f.id = "checker-q-" + (i + 1);
    questionIds[f.getAttribute("data-question")] = f.id;
  });

  // ---- evaluation (docs/checker.md)

  const order = {};
  rules.questions.forEach((q, i) => { order[q.key] = i; });
  const holds = (clause, answers) => !(clause.question in answers) || clause.options.indexOf(answers[clause.question]) >= 0;

  /**
   * Each material: {name, status: required | notRequired | undetermined, questions: its open clauses in 情形
   * order, the first being the one asked now}.
   */
  function evaluate(answers) {
    return rules.materials.map((m) => {
      const open = m.condition.filter((c) => !(c.question in answers)).map((c) => c.question)
        .sort((a, b) => order[a] - order[b]);
      const contradicted = !m.condition.every((c) => holds(c, answers));
      const status = contradicted ? "notRequired" : open.length ? "undetermined" : "required";
      return { name: m.name, status, questions: status === "undetermined" ? open : [] };
    });
  }

  /**
   * The questions whose answer can still change the list (docs/checker.md): each undetermined material's
   * first open question, and each answered one that a material not ruled out by another answer depends on.
   */
  function askedQuestions(answers, result) {
    const asked = new Set();
    rules.materials.forEach((m, i) => {
      if (result[i].questions.length) { asked.add(result[i].questions[0]); }
      m.condition.forEach((clause) => {
        if (clause.question in answers && m.condition.every((o) => o === clause || holds(o, answers))) {
          asked.add(clause.question);
        }
      });
    });
    return asked;
  }

  // ---- the lists and the summary

  // Moves nodes only when a list really changes, so a focused checkbox is never taken out and put back.
  function place(list, nodes) {
    const kids = list.children;
    if (kids.length !== nodes.length || nodes.some((n, i) => kids[i] !== n)) { nodes.forEach((n) => list.appendChild(n)); }
  }

  function showAsk(li, questions) {
    const ask = one("[data-checker-ask]", li);
    const target = one("[data-checker-ask-list]", ask);
    ask.hidden = questions.length === 0;
    const key = questions.join("\n");
    if (target.getAttribute("data-keys") === key) { return; }
    target.setAttribute("data-keys", key);
    target.textContent = "";
    questions.forEach((q, i) => {
      if (i > 0) { target.append(say("separator")); }
      target.append(questionIds[q] ? el("a", q, { href: "#" + questionIds[q] }) : el("span", q));
    });
  }

  const status = one("[data-checker-status]");
  const openLine = one("[data-checker-open]");
  const missingList = el("span", null, { "data-checker": "missing" });
  let shown = null;
  let state = null;

  function update() {
    const answers = Object.create(null);
    const haves = Object.create(null);
    all("input[type=radio]:checked").forEach((r) => { answers[r.name] = r.value; });
    all("input[type=checkbox][name=have]:checked").forEach((c) => { haves[c.value] = true; });
    const result = evaluate(answers);
    const asked = askedQuestions(answers, result);
    // A question that no longer matters leaves the screen; one that comes to matter appears in its place.
    all("fieldset[data-question]").forEach((f) => { f.hidden = !asked.has(f.getAttribute("data-question")); });
    const open = rules.questions.map((q) => q.key).filter((key) => asked.has(key) && !(key in answers));
    const groups = { required: [], undetermined: [], notRequired: [] };
    const missing = [];
    result.forEach((m, i) => {
      groups[m.status].push(items[i]);
      const lacking = m.status === "required" && !haves[m.name];
      if (lacking) { missing.push(m.name); }
      items[i].classList.toggle("is-had", !!haves[m.name]);
      items[i].classList.toggle("is-missing", lacking);
      showAsk(items[i], m.questions.filter((q) => asked.has(q)));
    });
    Object.keys(lists).forEach((k) => {
      place(lists[k], groups[k]);
      if (k !== "required") { lists[k].closest("[data-checker-group]").hidden = groups[k].length === 0; }
    });
    one("[data-checker-count]").textContent = fill(say("not-required"), { n: groups.notRequired.length });

    // The summary is a live region: rewrite it only when what it says changes.
    const summary = JSON.stringify([missing, open.length]);
    if (summary !== shown) {
      shown = summary;
      missingList.textContent = "";
      missing.forEach((name, i) => {
        if (i > 0) { missingList.append(say("separator")); }
        missingList.append(el("span", name, { "data-material": name }));
      });
      missingList.hidden = missing.length === 0;
      const kind = missing.length ? "missing" : open.length ? "open" : "complete";
      status.className = "checker-status is-" + kind;
      status.textContent = missing.length ? fill(say("missing"), { n: missing.length })
        : say(open.length ? "complete-so-far" : "complete");
      status.append(missingList);
      openLine.hidden = open.length === 0;
      openLine.textContent = open.length ? fill(say("open"), { n: open.length }) : "";
    }
    state = { answers, haves, result, missing, asked };
  }

  // ---- time limits (docs/checker.md)

  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  const today = () => { const n = new Date(); return Date.UTC(n.getFullYear(), n.getMonth(), n.getDate()); };
  function parseDate(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    const t = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
    return m && iso(t) === text ? t : null;
  }
  function human(t) {
    const d = new Date(t);
    return fill(say("date"), { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), w: say("weekdays").charAt(d.getUTCDay()) });
  }

  const calendar = rules.calendar || { years: [], holidays: [], workdays: [] };
  const holidays = new Set(calendar.holidays);
  const workdays = new Set(calendar.workdays);

  /** The day of the month `months` after `t` that corresponds to it, or that month's last day (民法典第二百零二条). */
  function addMonths(t, months) {
    const d = new Date(t);
    const index = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
    const year = Math.floor(index / 12), month = index % 12;
    const length = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return Date.UTC(year, month, Math.min(d.getUTCDate(), length));
  }

  /**
   * Each step's due date (null for a step without a limit), whether it is only the earliest it can be (after
   * a step without a limit, which is counted as taking no time), the completion, or covered: false.
   */
  function schedule(start) {
    let covered = true;
    let open = false;
    let t = start;
    const working = (day) => {
      const d = new Date(day);
      if (calendar.years.indexOf(d.getUTCFullYear()) < 0) { covered = false; return true; }
      const s = iso(day);
      return workdays.has(s) || (d.getUTCDay() % 6 !== 0 && !holidays.has(s));
    };
    working(t); // the submission day itself must be in the calendar (sets covered)
    const dues = rules.steps.map((step) => {
      if (!covered) { return null; }
      if (!step.limit) { open = true; return null; }
      // A count of 0 (当场) is due the day the step starts, whatever its unit.
      if (step.limit.count > 0 && step.limit.unit === "workingDays") {
        for (let counted = 0; counted < step.limit.count && covered;) { t += DAY; if (working(t)) { counted += 1; } }
      } else if (step.limit.count > 0) {
        // 自然日 and 个月: a due day off moves to the next working day (民法典第二百零三条)
        t = step.limit.unit === "months" ? addMonths(t, step.limit.count) : t + step.limit.count * DAY;
        while (covered && !working(t)) { t += DAY; }
      }
      return { t, earliest: open };
    });
    const limited = rules.steps.some((step) => step.limit);
    return covered ? { covered, dues, completion: limited ? { t, earliest: open } : null } : { covered };
  }

  function yearsText() {
    const years = calendar.years.slice().sort();
    const contiguous = years.every((y, i) => i === 0 || y === years[i - 1] + 1);
    return years.length > 1 && contiguous ? fill(say("year-range"), { from: years[0], to: years[years.length - 1] })
      : joined(years.map(String));
  }

  const dateInput = document.getElementById("checker-submitted");
  const message = one("[data-checker=schedule-message]");
  const completion = one("[data-checker=completion]");

  function showSchedule() {
    const start = parseDate(dateInput.value);
    const s = start === null ? null : schedule(start);
    const text = !s ? say("no-date") : s.covered ? ""
      : calendar.years.length ? fill(say("uncovered"), { years: yearsText() }) : say("uncovered-none");
    message.textContent = text;
    message.hidden = !text;
    steps.forEach((li, i) => {
      const due = s && s.covered ? s.dues[i] : null;
      if (due === null) { li.removeAttribute("data-due"); } else { li.setAttribute("data-due", iso(due.t)); }
      li.toggleAttribute("data-due-earliest", due !== null && due.earliest);
      one("[data-checker-due]", li).textContent = due === null ? ""
        : fill(say(due.earliest ? "due-earliest" : "due"), { date: human(due.t) });
    });
    completion.textContent = !s || !s.covered || s.completion === null ? ""
      : fill(say(s.completion.earliest ? "completion-earliest" : "completion"), { date: human(s.completion.t) });
    completion.hidden = !completion.textContent;
  }

  // ---- the 一次告知单 (print.css shows it)

  const notice = one("[data-checker-notice]");

  function fillNotice() {
    one("[data-notice=today]", notice).textContent = human(today());
    const answers = one("[data-notice=answers]", notice);
    if (answers) {
      answers.textContent = "";
      rules.questions.filter((q) => state.asked.has(q.key)).forEach((q) => {
        const row = el("div");
        row.append(el("dt", q.key), el("dd", state.answers[q.key] || say("no-answer")));
        answers.append(row);
      });
    }
    const list = one("[data-notice=materials]", notice);
    list.textContent = "";
    state.result.filter((m) => m.status !== "notRequired").forEach((m) => {
      const had = !!state.haves[m.name];
      const pending = m.status === "undetermined";
      const li = el("li", null, { class: pending ? "is-pending" : had ? "is-had" : "is-missing" });
      li.append(el("span", say(pending ? "mark-pending" : had ? "mark-have" : "mark-lack"), { class: "notice-mark" }),
        el("span", m.name, { class: "notice-name" }));
      if (pending || !had) {
        li.append(el("span", pending ? say("pending") + joined(m.questions) : say("lack"), { class: "notice-why" }));
      }
      list.append(li);
    });
    one("[data-notice=missing]", notice).textContent = state.missing.length ? joined(state.missing) : say("nothing-missing");
    all("[data-where]", notice).forEach((row) => {
      const value = (rules.where || {})[row.getAttribute("data-where")];
      row.hidden = !value;
      one("dd", row).textContent = value || "";
    });
  }

  // Only the button prints the notice; Ctrl+P prints the 信息表 as before.
  let printing = false;
  window.addEventListener("beforeprint", () => { if (!printing) { html.classList.remove("printing-checklist"); } });
  window.addEventListener("afterprint", () => { printing = false; html.classList.remove("printing-checklist"); });

  // ---- wiring

  root.addEventListener("change", (event) => { if (event.target === dateInput) { showSchedule(); } else { update(); } });
  dateInput.addEventListener("input", showSchedule);
  const reset = one("[data-checker-reset]");
  if (reset) {
    reset.addEventListener("click", () => {
      all("input[type=radio]").forEach((r) => { r.checked = false; });
      update();
    });
  }
  one("[data-checker-print]").addEventListener("click", () => {
    update();
    fillNotice();
    printing = true;
    html.classList.add("printing-checklist");
    window.print();
  });

  one("[data-checker-schedule]").hidden = !rules.steps.some((s) => s.limit);
  if (!dateInput.value) { dateInput.value = iso(today()); }
  update();
  showSchedule();
  root.hidden = false;
})();
