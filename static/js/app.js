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

// A button that downloads a file from a form HTMX sends (the order queue's pick list, labels
// and exports): the browser submits the form itself, to the button's address, so the file is
// saved instead of swapped into the page. Without JavaScript the button does this anyway.
document.addEventListener("htmx:confirm", function (event) {
  var trigger = event.detail && event.detail.triggeringEvent;
  var button = trigger && trigger.submitter;
  if (!button || !button.hasAttribute("data-download")) { return; }
  event.preventDefault();
  var form = button.form;
  var action = form.getAttribute("action");
  form.setAttribute("action", button.getAttribute("formaction"));
  form.submit();
  form.setAttribute("action", action);
});
