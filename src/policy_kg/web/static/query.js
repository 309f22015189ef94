// The query editor: line numbers, the cursor's line and column, Tab indents (Esc then Tab leaves the editor),
// Ctrl/Cmd+Enter runs, and a syntax error's position selected in the text. The page works without it.
(function () {
  "use strict";
  var area = document.getElementById("query");
  var gutter = document.getElementById("gutter");
  var cursor = document.getElementById("cursor");
  var form = document.getElementById("query-form");
  if (!area || !gutter || !form) { return; }
  var escaped = false;

  function lines() { return area.value.split("\n").length; }
  function renumber() {
    var out = [];
    for (var i = 1; i <= lines(); i += 1) { out.push(String(i)); }
    gutter.textContent = out.join("\n");
    gutter.scrollTop = area.scrollTop;
  }
  function position() {
    var before = area.value.slice(0, area.selectionStart).split("\n");
    var label = document.documentElement.lang === "vi" ? "Dòng " : "Line ";
    var col = document.documentElement.lang === "vi" ? ", cột " : ", column ";
    cursor.textContent = label + before.length + col + (before[before.length - 1].length + 1);
  }
  function offsetOf(line, column) {
    var all = area.value.split("\n"), offset = 0;
    for (var i = 0; i < line - 1 && i < all.length; i += 1) { offset += all[i].length + 1; }
    return Math.min(offset + Math.max(column - 1, 0), area.value.length);
  }

  area.addEventListener("input", renumber);
  area.addEventListener("scroll", function () { gutter.scrollTop = area.scrollTop; });
  ["keyup", "click", "focus"].forEach(function (name) { area.addEventListener(name, position); });
  area.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { escaped = true; return; }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
      return;
    }
    if (event.key === "Tab" && !event.shiftKey && !escaped) {
      event.preventDefault();
      var start = area.selectionStart, end = area.selectionEnd;
      area.setRangeText("  ", start, end, "end");
      renumber();
    }
    escaped = false;
  });
  document.querySelectorAll("a.example").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
      event.preventDefault();
      area.value = link.getAttribute("data-query");
      renumber();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  });
  renumber();
  var line = parseInt(area.getAttribute("data-error-line"), 10);
  if (line) {
    var at = offsetOf(line, parseInt(area.getAttribute("data-error-column"), 10) || 1);
    area.focus();
    area.setSelectionRange(at, Math.min(at + 1, area.value.length));
    position();
  }
}());
