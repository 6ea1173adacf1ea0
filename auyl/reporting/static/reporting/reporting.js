// Reporting meetings: Ctrl+Enter (or Cmd+Enter) in a text area sends its form, so a secretary can
// write down question after question without leaving the keyboard.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.tagName === "TEXTAREA" && target.form) {
    event.preventDefault();
    if (typeof target.form.requestSubmit === "function") { target.form.requestSubmit(); } else { target.form.submit(); }
  }
});

// Arriving at "#add-question" (after saving a question) puts the cursor in its first field.
document.addEventListener("DOMContentLoaded", function () {
  if (window.location.hash === "#add-question") {
    var first = document.querySelector("#add-question select, #add-question textarea, #add-question input:not([type=hidden])");
    if (first) { first.focus(); }
  }
});
