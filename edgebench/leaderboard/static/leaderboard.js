/* EdgeBench leaderboard: sorting, filtering and column views for the index and task pages.
 * Vanilla JavaScript on purpose: the site must open offline from file:// and this project
 * cannot download a front-end library, so there is no dependency to fetch or vendor. */
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return null;
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (type === "num") {
      if (raw === "" || raw === null) return null;
      var n = parseFloat(raw);
      return isNaN(n) ? null : n;
    }
    return raw === "" ? null : raw.toLowerCase();
  }

  /* Sort a table's body by one column; missing values always go last, whatever the direction. */
  function sortTable(table, th) {
    var headers = Array.prototype.slice.call(th.parentNode.children);
    var index = headers.indexOf(th);
    var type = th.getAttribute("data-type") || "text";
    var current = th.getAttribute("aria-sort");
    var dir;
    if (current === "ascending") dir = "descending";
    else if (current === "descending") dir = "ascending";
    else dir = (type === "num" && th.getAttribute("data-higher") === "1") ? "descending" : "ascending";
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = dir === "ascending" ? 1 : -1;
    rows.forEach(function (r, i) { r._order = i; });
    rows.sort(function (a, b) {
      var va = cellValue(a, index, type), vb = cellValue(b, index, type);
      if (va === null && vb === null) return a._order - b._order;
      if (va === null) return 1;
      if (vb === null) return -1;
      if (va < vb) return -sign;
      if (va > vb) return sign;
      return a._order - b._order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    restripe(table);
  }

  /* Zebra stripes over the visible rows only (CSS :nth-child would count hidden ones). */
  function restripe(table) {
    var n = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      if (r.hidden) return;
      r.classList.toggle("alt", n % 2 === 1);
      n += 1;
    });
    markBest(table);
  }

  /* Bold the best visible value of each score column (highest, or lowest where data-higher="0"). */
  function markBest(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      if (!th.classList.contains("score")) return;
      var higher = th.getAttribute("data-higher") !== "0";
      var best = null, cells = [];
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var cell = r.cells[index];
        if (!cell) return;
        cell.classList.remove("best");
        if (r.hidden) return;
        var v = cellValue(r, index, "num");
        if (v === null) return;
        cells.push([cell, v]);
        if (best === null || (higher ? v > best : v < best)) best = v;
      });
      if (cells.length < 2) return;
      // a column where every row scores the same has no best (all 0.000 is no win)
      if (cells.every(function (c) { return c[1] === cells[0][1]; })) return;
      cells.forEach(function (c) { if (c[1] === best) c[0].classList.add("best"); });
    });
  }

  function setupSorting(table) {
    if (!table.tHead) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      if (!th.hasAttribute("data-type")) return;
      th.classList.add("sortable-th");
      th.tabIndex = 0;
      th.addEventListener("click", function (ev) {
        if (ev.target.closest("a")) return; // a header's own link still navigates
        sortTable(table, th);
      });
      th.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sortTable(table, th); }
      });
    });
    restripe(table);
  }

  function setupFilters(table) {
    var search = document.getElementById("search");
    var category = document.getElementById("filter-category");
    var hardware = document.getElementById("filter-hardware");
    var family = document.getElementById("filter-family");
    var count = document.getElementById("row-count");
    function apply() {
      var q = search.value.trim().toLowerCase(), c = category.value, h = hardware.value, f = family.value;
      var shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (r) {
        var ok = (!q || r.getAttribute("data-name").indexOf(q) !== -1) &&
          (!c || r.getAttribute("data-categories").split(" ").indexOf(c) !== -1) &&
          (!h || r.getAttribute("data-hardware") === h) &&
          (!f || r.getAttribute("data-families").split(" ").indexOf(f) !== -1);
        r.hidden = !ok;
        if (ok) shown += 1;
      });
      Array.prototype.forEach.call(document.querySelectorAll(".family-plots"), function (s) {
        s.hidden = !!f && s.getAttribute("data-family") !== f;
      });
      count.textContent = shown + " of " + rows.length + " rows";
      restripe(table);
    }
    [search, category, hardware, family].forEach(function (el) {
      el.addEventListener("input", apply);
      el.addEventListener("change", apply);
    });
    apply();
  }

  function setupViews(table) {
    var buttons = document.querySelectorAll(".toggle button[data-view]");
    function show(view) {
      table.classList.toggle("view-tasks", view === "tasks");
      table.classList.toggle("view-families", view !== "tasks");
      Array.prototype.forEach.call(buttons, function (b) {
        b.classList.toggle("active", b.getAttribute("data-view") === view);
      });
    }
    Array.prototype.forEach.call(buttons, function (b) {
      b.addEventListener("click", function () { show(b.getAttribute("data-view")); });
    });
    show("families");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var board = document.getElementById("board");
    if (board) {
      setupSorting(board);
      setupFilters(board);
      setupViews(board);
    }
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), setupSorting);
  });
})();
