// planner serve: the little script every page loads (no inline scripts: the CSP forbids them).
// htmx requests carry the session's CSRF token in a header, as forms carry it in a field.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
  }
});

// A form that publishes (a booking, a re-plan) takes seconds on a large spa: its button says
// so and can't be pressed twice meanwhile (forms marked data-busy="text while it works").
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.busy) { return; }
  var button = form.querySelector('button[type="submit"]');
  if (!button) { return; }
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  button.setAttribute("aria-busy", "true");
  button.textContent = form.dataset.busy;
});
