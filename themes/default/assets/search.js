// 查找事项 on the index page. The index is search-index.js, written by `gongkai build` (window.gongkaiSearchIndex:
// per matter its 序号, page and one plain text per searched field, best field first); words come from the theme's
// labels (data-t-* on the section). Everything happens on this device: nothing is fetched, stored or sent.
// Without JavaScript, or without the index, the section stays hidden and the list below still lists every matter.
(() => {
  "use strict";
  const root = document.querySelector("[data-search-root]");
  const index = window.gongkaiSearchIndex;
  if (!root || !index || !Array.isArray(index.matters) || !Array.isArray(index.fields)) { return; }

  // Field weights in index.fields order (名称, 运行要件, 法定依据, 受理条件): each term scores its best field,
  // so for one term a name hit outranks any hit further down, and a whole-term hit a 2-gram one in the same
  // field; for several terms the scores add up.
  const WEIGHTS = [1000, 100, 10, 1];
  const GRAM_SHARE = 0.5;   // a term of 3 or more characters also matches when half its 2-grams occur …
  const GRAM_FACTOR = 0.5;  // … weighted at half a whole-term hit, times the share found
  // A term found whole somewhere is looked for by 2-grams in names only, and needs two thirds of them there:
  // 「参保登记」 then still ranks 「…参保资格的认定及登记」 above a matter whose 法定依据 says 参保登记.
  const NAME_GRAM_SHARE = 0.66;
  const MAX_TERMS = 5;
  const MAX_TERM_CHARS = 30;
  const MAX_SHOWN = 50;
  const CONTEXT_BEFORE = 12;
  const EXCERPT_CHARS = 48;

  const input = root.querySelector("#search-input");
  const status = root.querySelector("[data-search-status]");
  const list = root.querySelector("[data-search-results]");
  const base = root.getAttribute("data-root") || "";
  const say = (name) => root.getAttribute("data-t-" + name) || "";
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  const chars = (text) => Array.from(text); // by code point: a 𠮷 is one character, not two halves
  const synonyms = (index.synonyms || []).filter((p) => Array.isArray(p) && p.length === 2)
    .map((p) => p.map((t) => String(t).toLowerCase())); // compared with the lowercased query

  // Lowercased once per text (ASCII letters in names like "ID"); CJK is unchanged, so offsets agree.
  const matters = index.matters.map((row) => ({
    number: row[0], href: row[1], texts: row.slice(2), lower: row.slice(2).map((t) => t.toLowerCase()),
  }));

  /// The query as terms: split at white space (a resident may type 「就业 援助」), each bounded.
  function terms(query) {
    return query.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_TERMS)
      .map((t) => chars(t).slice(0, MAX_TERM_CHARS).join(""));
  }

  /// The term and its synonym forms: 「低保」 also as 「最低生活保障」 and the other way round.
  function variants(term) {
    const found = [{ text: term, via: null }];
    synonyms.forEach(([a, b]) => {
      [[a, b], [b, a]].forEach(([from, to]) => {
        if (term.includes(from)) {
          const text = term.split(from).join(to);
          if (!found.some((v) => v.text === text)) { found.push({ text, via: text }); }
        }
      });
    });
    return found;
  }

  /// Where a term occurs in one text: every place of its best form as [start, end) in UTF-16 offsets, and
  /// how good the hit is (1 whole term, less for 2-grams). null: it does not.
  function hit(forms, text, minShare) {
    for (const form of forms) {
      const ranges = occurrences(text, form.text);
      if (ranges.length) { return { quality: 1, ranges, via: form.via }; }
    }
    if (!minShare) { return null; }
    let best = null;
    for (const form of forms) {
      const cs = chars(form.text);
      if (cs.length < 3) { continue; }
      const grams = [];
      for (let i = 0; i + 1 < cs.length; i++) { grams.push(cs[i] + cs[i + 1]); }
      const ranges = [];
      let found = 0;
      grams.forEach((g) => {
        const at = text.indexOf(g);
        if (at >= 0) { found++; ranges.push([at, at + g.length]); }
      });
      const share = found / grams.length;
      if (share >= minShare && (!best || share * GRAM_FACTOR > best.quality)) {
        best = { quality: share * GRAM_FACTOR, ranges, via: form.via };
      }
    }
    return best;
  }

  function occurrences(text, needle) {
    const ranges = [];
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
      ranges.push([at, at + needle.length]);
    }
    return ranges;
  }

  /// Whether a term (in any of its forms) occurs whole in some matter: then it is looked for by its 2-grams
  /// only in names, which would otherwise add every matter holding a part of it.
  const foundWhole = (forms) => matters.some((m) => m.lower.some((t) => forms.some((f) => t.includes(f.text))));

  /// Every matter holding every term somewhere, best first; each with the field it matched best in.
  function search(query) {
    const list = terms(query).map((t) => ({ forms: variants(t) })).map((t) => ({ ...t, grams: !foundWhole(t.forms) }));
    if (!list.length) { return []; }
    const results = [];
    matters.forEach((matter, order) => {
      let score = 0;
      const perField = matter.texts.map(() => ({ ranges: [], via: null }));
      for (const term of list) {
        let best = 0;
        matter.lower.forEach((text, f) => {
          const h = hit(term.forms, text, term.grams ? GRAM_SHARE : f === 0 ? NAME_GRAM_SHARE : 0);
          if (!h) { return; }
          perField[f].ranges.push(...h.ranges);
          perField[f].via = perField[f].via || h.via;
          best = Math.max(best, h.quality * (WEIGHTS[f] || 1));
        });
        if (!best) { return; } // every term must occur
        score += best;
      }
      const field = perField.findIndex((p) => p.ranges.length);
      results.push({ matter, score, order, field, perField });
    });
    return results.sort((a, b) => b.score - a.score || a.order - b.order);
  }

  // ------------------------------------------------------------------ drawing (text nodes only)

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text != null) { node.textContent = text; }
    return node;
  }

  /// `text` into `parent` with the ranges marked, merged where they touch.
  function marked(parent, text, ranges) {
    const merged = [];
    ranges.slice().sort((a, b) => a[0] - b[0]).forEach(([s, e]) => {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) { last[1] = Math.max(last[1], e); } else { merged.push([s, e]); }
    });
    let at = 0;
    merged.forEach(([s, e]) => {
      if (s > at) { parent.appendChild(document.createTextNode(text.slice(at, s))); }
      parent.appendChild(el("mark", null, text.slice(s, e)));
      at = e;
    });
    if (at < text.length) { parent.appendChild(document.createTextNode(text.slice(at))); }
  }

  /// A window of a long text around its first marked place, cut at whole characters.
  function excerpt(text, ranges) {
    const first = Math.min(...ranges.map((r) => r[0]));
    let start = Math.max(0, first - CONTEXT_BEFORE);
    if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) { start--; }
    let end = Math.min(text.length, start + EXCERPT_CHARS);
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) { end++; }
    const inside = ranges.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s - start, e - start]);
    return { text: text.slice(start, end), ranges: inside, before: start > 0, after: end < text.length };
  }

  function item(result) {
    const { matter, field, perField } = result;
    const li = el("li", "search-result");
    const link = el("a");
    link.href = base + matter.href;
    link.appendChild(el("span", "number", matter.number));
    link.appendChild(document.createTextNode(" "));
    const name = el("span", "matter-name");
    marked(name, matter.texts[0], perField[0].ranges);
    link.appendChild(name);
    li.appendChild(link);
    const where = el("p", "search-where");
    where.appendChild(el("span", "search-field", fill(say("in"), { field: index.fields[field] })));
    if (field > 0) {
      const part = excerpt(matter.texts[field], perField[field].ranges);
      const quote = el("span", "search-excerpt");
      if (part.before) { quote.appendChild(document.createTextNode("…")); }
      marked(quote, part.text, part.ranges);
      if (part.after) { quote.appendChild(document.createTextNode("…")); }
      where.appendChild(quote);
    }
    const via = perField[field].via;
    if (via) { where.appendChild(el("span", "search-via", fill(say("via"), { term: via }))); }
    li.appendChild(where);
    return li;
  }

  let lastQuery = null;
  function run() {
    const query = input.value;
    if (query.trim() === lastQuery) { return; }
    lastQuery = query.trim();
    list.replaceChildren();
    if (!lastQuery) { status.textContent = ""; return; }
    const results = search(query);
    const shown = results.slice(0, MAX_SHOWN);
    shown.forEach((r) => list.appendChild(item(r)));
    status.textContent = !results.length ? fill(say("none"), { q: lastQuery })
      : results.length > shown.length ? fill(say("found-more"), { n: results.length, shown: shown.length })
      : fill(say("found"), { n: results.length });
  }

  let timer = 0;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  };
  // While a Chinese input method composes (拼音 letters not yet turned into 汉字), the box holds the
  // letters: search, and announce, only when the characters are chosen.
  input.addEventListener("input", (event) => { if (!event.isComposing) { soon(); } });
  input.addEventListener("compositionend", soon);
  input.addEventListener("keydown", (event) => {
    if (event.isComposing) { return; } // Enter and Esc belong to the input method then
    if (event.key === "Enter") {
      // Enter: search now, then go to the first result, from where Enter opens it and Tab moves on.
      event.preventDefault();
      clearTimeout(timer);
      run();
      const first = list.querySelector("a");
      if (first) { first.focus(); }
    } else if (event.key === "Escape" && input.value) {
      // Escape: empty the box and the results; the focus stays in the box.
      event.preventDefault();
      input.value = "";
      clearTimeout(timer);
      run();
    }
  });
  // Escape from a result goes back to the box, with the query kept.
  list.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); input.focus(); }
  });

  root.hidden = false;
  if (input.value) { run(); } // a query the browser restored on going back
})();
