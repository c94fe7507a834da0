// Focus after HTMX swaps, as a full page load would place it: on the error summary when a form
// came back with errors, else on the new page's main content after boosted navigation.
document.addEventListener("htmx:afterSettle", function (event) {
  var detail = event.detail || {};
  var alert = document.querySelector("main .form-errors, main .error-page");
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
    return;
  }
  if (detail.boosted && detail.requestConfig && detail.requestConfig.verb === "get") {
    var main = document.getElementById("main");
    if (main) { main.focus({ preventScroll: true }); }
  }
});
