//! The stylesheet and the script of the HTML report, inlined into every report (the file must
//! open from disk with no network: no CDN, no external fonts).

/// Screen and print styles. System fonts only; colour always paired with an icon and a word.
pub(crate) const CSS: &str = r##"
:root { --error: #b71c1c; --warning: #8a5300; --info: #1f5fa8; --ok: #2e7d32; --muted: #5f6b73;
        --line: #d5dbe0; --bg-error: #ffebee; --bg-warning: #fff8e1; --bg-info: #e8f0fb; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       margin: 0; color: #1b1f23; background: #fff; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 16px; }
h1 { font-size: 1.6rem; margin: 0.3em 0; }
h2 { font-size: 1.25rem; margin: 1.4em 0 0.5em; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; color: var(--muted); }
dl.provenance dt { font-weight: 600; }
dl.provenance dd { margin: 0; }
table.summary { border-collapse: collapse; }
table.summary th, table.summary td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; }
#filters { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 0; z-index: 2;
           display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; }
#filters fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 2px 10px; margin: 0; }
#filters legend { font-size: 0.85em; color: var(--muted); }
#filters label { white-space: nowrap; }
#filters input[type=search] { min-width: 16em; }
#shown { color: var(--muted); margin: 0; }
article.service-card { border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 6px; margin: 14px 0; padding: 10px 14px; }
article.service-card.sev-error { border-left-color: var(--error); }
article.service-card.sev-warning { border-left-color: var(--warning); }
article.service-card.sev-info { border-left-color: var(--info); }
.counts { color: var(--muted); font-weight: normal; font-size: 0.9em; margin-left: 8px; }
.type { font-weight: normal; font-size: 0.85em; border: 1px solid var(--line); border-radius: 4px; padding: 0 5px; margin-left: 6px; }
ol.findings { list-style: none; padding: 0; margin: 8px 0; }
li.finding { border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
li.finding.sev-error { background: var(--bg-error); }
li.finding.sev-warning { background: var(--bg-warning); }
li.finding.sev-info { background: var(--bg-info); }
.badge { display: inline-block; font-weight: 700; font-size: 0.8em; letter-spacing: 0.04em; padding: 1px 7px; border-radius: 4px; color: #fff; margin-right: 6px; }
.badge.sev-error { background: var(--error); }
.badge.sev-warning { background: var(--warning); }
.badge.sev-info { background: var(--info); }
li.finding p { margin: 4px 0; }
li.finding ul.details { margin: 4px 0; padding-left: 1.3em; }
.label { font-weight: 600; }
figure.graph { margin: 10px 0 0; overflow-x: auto; border-top: 1px dashed var(--line); padding-top: 8px; }
/* Off-screen Services are not laid out until scrolled to: a report of hundreds of graphs opens fast. */
article.service-card { content-visibility: auto; contain-intrinsic-size: auto 900px; }
figure.graph figcaption { color: var(--muted); font-size: 0.9em; margin-bottom: 4px; }
figure.graph svg { max-width: 100%; height: auto; }
ul.healthy { columns: 2 22em; padding-left: 1.2em; }
.ok { color: var(--ok); }
footer { color: var(--muted); font-size: 0.9em; padding: 24px 20px; }
[hidden] { display: none !important; }
@media print {
  #filters, .no-print { display: none !important; }
  body { font-size: 11pt; }
  header, main, footer { max-width: none; padding: 0; }
  article.service-card { break-inside: avoid-page; content-visibility: visible; }
  li.finding { break-inside: avoid; border: 1px solid #999; }
  figure.graph { overflow: visible; }
  figure.graph svg { max-width: 100%; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.8em; word-break: break-all; }
}
"##;

/// Filtering by severity, namespace, code and free text. The initial state can be given in the
/// URL fragment (`#severity=error,warning&namespace=shop&code=slice-stale&q=web`), so a filtered
/// view can be shared as a link; the browser test uses the same entry.
pub(crate) const JS: &str = r##"
(function () {
  "use strict";
  var all = function (s) { return Array.prototype.slice.call(document.querySelectorAll(s)); };
  var ns = document.getElementById("f-namespace");
  var code = document.getElementById("f-code");
  var search = document.getElementById("f-search");
  var shown = document.getElementById("shown");
  function apply() {
    var sev = {};
    all("input[name=severity]").forEach(function (c) { sev[c.value] = c.checked; });
    var text = search.value.trim().toLowerCase();
    var visible = 0, total = 0;
    all("li.finding").forEach(function (f) {
      total++;
      var card = f.closest("article");
      var hay = (f.textContent + " " + (card ? card.getAttribute("data-service") : "")).toLowerCase();
      var keep = sev[f.getAttribute("data-severity")] &&
        (!ns.value || f.getAttribute("data-namespace") === ns.value) &&
        (!code.value || f.getAttribute("data-code") === code.value) &&
        (!text || hay.indexOf(text) >= 0);
      f.hidden = !keep;
      if (keep) { visible++; }
    });
    all("article.service-card").forEach(function (a) {
      a.hidden = a.querySelector("li.finding:not([hidden])") === null;
    });
    shown.textContent = visible + " of " + total + " findings shown";
  }
  var h = new URLSearchParams(location.hash.slice(1));
  if (h.has("severity")) {
    var keep = h.get("severity").split(",");
    all("input[name=severity]").forEach(function (c) { c.checked = keep.indexOf(c.value) >= 0; });
  }
  if (h.has("namespace")) { ns.value = h.get("namespace"); }
  if (h.has("code")) { code.value = h.get("code"); }
  if (h.has("q")) { search.value = h.get("q"); }
  all("#filters input, #filters select").forEach(function (e) {
    e.addEventListener("input", apply);
    e.addEventListener("change", apply);
  });
  document.getElementById("filters").hidden = false;
  apply();
})();
"##;
