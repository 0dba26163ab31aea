// Runs as the body opens, before anything is drawn: GOV.UK Frontend's styles for components that
// JavaScript enhances apply once the body says scripts run (and modules, which the components need).
// A file rather than inline script, so the Content-Security-Policy can refuse all inline script.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
