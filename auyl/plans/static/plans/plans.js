// Development plans: fast keyboard entry.
// In the progress table, Enter in a value moves to the next line's value (the last one saves the table);
// Ctrl+Enter (Cmd+Enter) anywhere in a form saves it.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (event.key !== "Enter" || !target.form) { return; }
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault();
    if (typeof target.form.requestSubmit === "function") { target.form.requestSubmit(); } else { target.form.submit(); }
    return;
  }
  if (target.matches("input[data-progress-value]")) {
    var values = Array.prototype.slice.call(target.form.querySelectorAll("input[data-progress-value]"));
    var next = values[values.indexOf(target) + 1];
    if (next) { event.preventDefault(); next.focus(); next.select(); }
  }
});

// Arriving at "#add-indicator" or "#progress" (after saving) puts the cursor in the first field there.
document.addEventListener("DOMContentLoaded", function () {
  var hash = window.location.hash;
  if (hash === "#add-indicator" || hash === "#progress") {
    var first = document.querySelector(hash + " input[data-progress-value], " + hash + " input:not([type=hidden]):not([type=date]), " + hash + " select");
    if (first) { first.focus(); }
  }
});
