// sgb review page: ledger rows, tree entries and warnings select their spans in the text;
// highlights show their details on hover. Data comes from #sgb-items and is only ever set as text.
(function () {
  "use strict";
  var items = JSON.parse(document.getElementById("sgb-items").textContent || "{}");
  var doc = document.getElementById("doc");
  var tip = document.getElementById("tip");
  if (!doc) { return; }   // the batch index has no text

  function clearSelection() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
  }

  // Highlight the spans of `ids` (and the measure `measureId`); scroll the first into view.
  function select(ids, measureId, source) {
    clearSelection();
    var first = null;
    ids.forEach(function (id) {
      doc.querySelectorAll('[data-ids~="' + id + '"]').forEach(function (el) {
        el.classList.add("active");
        if (!first) { first = el; }
      });
    });
    var measure = measureId ? document.getElementById(measureId) : null;
    if (measure) {
      measure.classList.add("selected");
      document.querySelectorAll('[data-m="' + measureId + '"]').forEach(function (el) { el.classList.add("selected"); });
    }
    if (source) { source.classList.add("selected"); }
    // A span is centred; a measure without spans of its own (a heading) is shown from its start.
    if (first) { first.scrollIntoView({ block: "center" }); } else if (measure) { measure.scrollIntoView({ block: "start" }); }
    return first || measure;
  }

  function idsOf(el) {
    var value = el.getAttribute("data-ids");
    return value ? value.split(" ").filter(Boolean) : [];
  }

  document.querySelectorAll("#ledger tbody tr[data-m], #warnings li[data-ids]").forEach(function (el) {
    el.tabIndex = 0;   // reachable with Tab; Enter or Space acts as a click
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); el.click(); }
    });
  });
  document.querySelectorAll("#ledger tbody tr[data-m]").forEach(function (row) {
    row.addEventListener("click", function () { select(idsOf(row), row.getAttribute("data-m"), row); });
  });
  document.querySelectorAll("#tree a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var id = link.getAttribute("data-m");
      select([], id, link);
      var row = document.querySelector('#ledger tr[data-m="' + id + '"]');
      if (row) { row.scrollIntoView({ block: "nearest" }); }
    });
  });
  document.querySelectorAll("#warnings li[data-ids]").forEach(function (entry) {
    entry.addEventListener("click", function () { select(idsOf(entry), null, null); });
  });
  // A click in the text selects the innermost measure's ledger row.
  doc.addEventListener("click", function (event) {
    var measure = event.target.closest(".measure");
    if (!measure) { return; }
    var row = document.querySelector('#ledger tr[data-m="' + measure.id + '"]');
    if (row) {
      clearSelection();
      row.classList.add("selected");
      measure.classList.add("selected");
      row.scrollIntoView({ block: "nearest" });
    }
  });

  function addRow(table, label, value) {
    var tr = table.insertRow();
    tr.insertCell().textContent = label;
    tr.insertCell().textContent = value;
  }

  function showTip(el, x, y) {
    tip.textContent = "";
    idsOf(el).forEach(function (id) {
      var item = items[id];
      if (!item) { return; }
      var head = document.createElement("div");
      head.className = "kind";
      head.textContent = item.kind + "：" + item.text;
      tip.appendChild(head);
      var table = document.createElement("table");
      item.rows.forEach(function (pair) { addRow(table, pair[0], pair[1]); });
      tip.appendChild(table);
    });
    if (!tip.firstChild) { tip.hidden = true; return; }
    tip.hidden = false;
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.min(x + 12, window.innerWidth - width - 8);
    var top = y + 16 + height > window.innerHeight ? y - height - 12 : y + 16;
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = Math.max(4, top) + "px";
  }

  doc.addEventListener("mouseover", function (event) {
    var el = event.target.closest(".hl");
    if (el) { showTip(el, event.clientX, event.clientY); } else { tip.hidden = true; }
  });
  doc.addEventListener("mouseleave", function () { tip.hidden = true; });
  window.sgbSelect = select;
})();
