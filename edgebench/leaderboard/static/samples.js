/* EdgeBench per-sample browser: renders one page of records at a time from window.EDGEBENCH_SAMPLES
 * (a data file loaded with <script src>, because a file:// page may not fetch() its neighbours), so
 * ten thousand samples never become ten thousand DOM rows. Vanilla JavaScript: no library can be
 * downloaded here, and the site must work offline. Every value is written with textContent, never
 * as HTML: model outputs are untrusted. */
(function () {
  "use strict";
  var data = window.EDGEBENCH_SAMPLES;
  var perPage = window.EDGEBENCH_PER_PAGE || 50;
  var state = { page: 1, right: "", error: "", q: "" };
  var filtered = [];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function matches(r) {
    if (state.right === "right" && r.right !== true) return false;
    if (state.right === "wrong" && r.right !== false) return false;
    if (state.right === "unknown" && r.right !== null) return false;
    if (state.error && r.error !== state.error) return false;
    if (state.q) {
      var hay = (r.input + "\n" + r.output + "\n" + r.gold + "\n" + r.pred + "\n" + r.doc_id).toLowerCase();
      if (hay.indexOf(state.q) === -1) return false;
    }
    return true;
  }

  function pager(container, pages) {
    container.textContent = "";
    var prev = el("button", "prev", "‹ Previous");
    prev.type = "button";
    prev.disabled = state.page <= 1;
    prev.addEventListener("click", function () { go(state.page - 1); });
    var next = el("button", "next", "Next ›");
    next.type = "button";
    next.disabled = state.page >= pages;
    next.addEventListener("click", function () { go(state.page + 1); });
    var label = el("span", "page-label");
    label.appendChild(document.createTextNode("Page "));
    var input = el("input", "page-input");
    input.type = "number";
    input.min = 1;
    input.max = pages;
    input.value = state.page;
    input.setAttribute("aria-label", "Page number");
    input.addEventListener("change", function () { go(parseInt(input.value, 10) || 1); });
    label.appendChild(input);
    label.appendChild(document.createTextNode(" of " + pages));
    container.appendChild(prev);
    container.appendChild(label);
    container.appendChild(next);
  }

  function textCell(text, cls) {
    var td = el("td", cls);
    td.appendChild(el("div", "cell-text", text));
    return td;
  }

  function render() {
    var pages = Math.max(1, Math.ceil(filtered.length / perPage));
    if (state.page > pages) state.page = pages;
    var start = (state.page - 1) * perPage;
    var body = document.querySelector("#samples tbody");
    var frag = document.createDocumentFragment();
    filtered.slice(start, start + perPage).forEach(function (r, n) {
      var tr = el("tr", n % 2 ? "alt" : "");
      tr.setAttribute("data-right", r.right === null ? "unknown" : String(r.right));
      tr.setAttribute("data-index", r.i);
      tr.appendChild(el("td", "num muted", r.i));
      tr.appendChild(textCell(r.doc_id, "doc"));
      tr.appendChild(textCell(r.input, "input"));
      tr.appendChild(textCell(r.output, "output"));
      tr.appendChild(textCell(r.pred, "pred"));
      tr.appendChild(textCell(r.gold, "gold"));
      // no per-sample headline score (e.g. a corpus-level metric): show the record's own scores instead
      var score = r.score === null ? el("td", "scores-list muted", r.scores || "–") : el("td", "num score", r.score);
      score.title = r.scores;
      tr.appendChild(score);
      var err = el("td", "error");
      err.appendChild(el("span", r.error === "(none)" ? "chip muted-chip" : "chip warn", r.error));
      tr.appendChild(err);
      var right = el("td", "right");
      right.appendChild(el("span", r.right === true ? "verdict ok" : r.right === false ? "verdict bad" : "verdict",
        r.right === true ? "✓ right" : r.right === false ? "✗ wrong" : "?"));
      tr.appendChild(right);
      frag.appendChild(tr);
    });
    body.textContent = "";
    body.appendChild(frag);
    if (!filtered.length) {
      var empty = el("tr");
      var td = el("td", "muted empty", "No sample matches these filters.");
      td.colSpan = 9;
      empty.appendChild(td);
      body.appendChild(empty);
    }
    pager(document.getElementById("pager-top"), pages);
    pager(document.getElementById("pager-bottom"), pages);
    var shownTo = Math.min(start + perPage, filtered.length);
    document.getElementById("sample-count").textContent = filtered.length
      ? (start + 1) + "–" + shownTo + " of " + filtered.length + " matching (" + data.rows.length + " in all)"
      : "0 of " + data.rows.length;
  }

  function go(page) {
    state.page = page;
    render();
  }

  function refilter() {
    filtered = data.rows.filter(matches);
    state.page = 1;
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!data) {
      document.getElementById("sample-count").textContent = "The samples data file did not load.";
      return;
    }
    var errorSelect = document.getElementById("filter-error");
    data.errors.forEach(function (e) {
      var opt = el("option", null, e.name + " (" + e.count + ")");
      opt.value = e.name;
      errorSelect.appendChild(opt);
    });
    errorSelect.addEventListener("change", function () { state.error = errorSelect.value; refilter(); });
    var rightSelect = document.getElementById("filter-right");
    rightSelect.addEventListener("change", function () { state.right = rightSelect.value; refilter(); });
    var search = document.getElementById("sample-search");
    search.addEventListener("input", function () { state.q = search.value.trim().toLowerCase(); refilter(); });
    refilter();
  });
})();
