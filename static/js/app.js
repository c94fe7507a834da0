// After boosted navigation, move focus to the new page's main content so screen readers
// and keyboard users start at the top of what changed, as on a full page load.
document.addEventListener("htmx:afterSettle", function (event) {
  var detail = event.detail || {};
  if (detail.boosted && detail.requestConfig && detail.requestConfig.verb === "get") {
    var main = document.getElementById("main");
    if (main) { main.focus({ preventScroll: true }); }
  }
});
