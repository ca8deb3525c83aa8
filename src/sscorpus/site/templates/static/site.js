// sscorpus site: selection and filters on a document page. The page is
// complete without this script (the highlights and details are in the HTML);
// it only reads the DOM and copies nodes, never parses text as HTML.
"use strict";
(function () {
  var texts = document.getElementById("texts");
  if (!texts) { return; }
  var body = document.body;
  var panel = document.getElementById("selected");
  var toolbar = document.getElementById("toolbar");
  var closer = document.getElementById("close-selected");
  var radios = document.querySelectorAll('input[name="layer-view"]');
  // the width below which the page is one column, one layer, details in a sheet at the bottom (as in site.css)
  var narrow = window.matchMedia("(max-width: 900px)");
  var current = null;
  if (toolbar) { toolbar.hidden = false; }
  if (closer) { closer.hidden = false; }
  body.classList.add("scripted");

  function item(key) {
    var found = document.getElementById(key);
    return found && found.classList.contains("item") ? found : null;
  }
  function segmentsOf(key) {
    return Array.prototype.filter.call(texts.querySelectorAll(".hl"), function (el) {
      return el.getAttribute("data-a").split(" ").indexOf(key) !== -1;
    });
  }
  function shown(key) {
    var it = item(key);
    return it !== null && !it.classList.contains("off") && !body.classList.contains("hide-" + it.getAttribute("data-type"));
  }
  // one layer ("0", "1"...: the first is gold where there is one), or "all" side by side
  function showLayer(value) {
    var all = value === "all";
    radios.forEach(function (radio) { radio.checked = radio.value === value; });
    body.classList.toggle("arrange-all", all);
    texts.classList.toggle("one-layer", !all);
    document.querySelectorAll(".layer, .layer-list").forEach(function (el) {
      el.classList.toggle("off", !all && el.getAttribute("data-layer") !== value);
    });
    document.querySelectorAll(".item").forEach(function (it) {
      it.classList.toggle("off", !all && it.getAttribute("data-layer") !== value);
    });
  }
  function defaultLayer() {
    // side by side only where two fit; else the first layer, the one that matters (gold)
    var layers = radios.length - 1;  // a radio per layer, and "all"
    return layers === 2 && !narrow.matches ? "all" : layers > 0 ? radios[0].value : "all";
  }
  function deselect() {
    if (current) {
      segmentsOf(current).forEach(function (el) { el.classList.remove("sel"); });
      var previous = item(current);
      if (previous) { previous.removeAttribute("aria-current"); }
    }
    current = null;
    body.classList.remove("has-selection");
    panel.removeAttribute("data-key");
  }
  // on a narrow screen the details are a sheet over the bottom of the screen: keep the text tapped above it
  function keepAbove(segment) {
    var sheet = panel.closest(".selected").getBoundingClientRect();
    var box = segment.getBoundingClientRect();
    if (sheet.top > 0 && (box.bottom > sheet.top || box.top < 0)) {
      window.scrollBy(0, box.top - window.innerHeight * 0.15);
    }
  }
  function select(key, scrollText, fromList) {
    var it = item(key);
    if (!it) { return; }
    if (it.classList.contains("off")) { showLayer(it.getAttribute("data-layer")); }  // a link to another layer
    deselect();
    current = key;
    var segments = segmentsOf(key);
    segments.forEach(function (el) { el.classList.add("sel"); });
    it.setAttribute("aria-current", "true");
    it.querySelector("details").open = true;
    var details = it.querySelector(".details").cloneNode(true);
    panel.replaceChildren(details);
    panel.setAttribute("data-key", key);
    // in the list on a narrow screen, the details open where the finger is: no sheet
    body.classList.toggle("has-selection", !(fromList && narrow.matches));
    if (scrollText && segments.length && !(fromList && narrow.matches)) { segments[0].scrollIntoView({block: "center"}); }
    if (narrow.matches && !fromList && segments.length) { keepAbove(segments[0]); }
    var list = it.closest(".list");  // scroll the list to the item, not the page
    if (list && (it.offsetTop < list.scrollTop || it.offsetTop > list.scrollTop + list.clientHeight - 40)) {
      list.scrollTop = it.offsetTop - 40;
    }
  }
  function fromHash() {
    var key;
    try { key = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }  // a mangled address
    if (item(key)) { select(key, true, false); }
  }

  texts.addEventListener("click", function (event) {
    var seg = event.target.closest(".hl");
    if (!seg) { return; }
    var keys = seg.getAttribute("data-a").split(" ").filter(shown);
    if (!keys.length) { return; }
    // innermost first; a second click on the same place selects the next one out
    var at = keys.indexOf(current);
    var key = keys[at > 0 ? at - 1 : keys.length - 1];
    history.replaceState(null, "", "#" + key);
    select(key, false, false);
  });
  document.querySelectorAll(".item > details > summary").forEach(function (summary) {
    summary.addEventListener("click", function (event) {
      var details = summary.parentNode;
      var key = details.parentNode.getAttribute("data-key");
      event.preventDefault();  // the script opens and closes it, in step with the selection
      if (details.open && key === current) { details.open = false; deselect(); return; }
      history.replaceState(null, "", "#" + key);
      select(key, true, true);
    });
  });
  document.querySelectorAll(".type-filter").forEach(function (box) {
    box.addEventListener("change", function () {
      body.classList.toggle("hide-" + box.value, !box.checked);
      document.querySelectorAll('.item[data-type="' + box.value + '"]').forEach(function (it) {
        it.hidden = !box.checked;
      });
    });
  });
  radios.forEach(function (radio) {
    radio.addEventListener("change", function () { showLayer(radio.value); });
  });
  narrow.addEventListener("change", function () {
    var checked = document.querySelector('input[name="layer-view"]:checked');
    if (narrow.matches && checked && checked.value === "all") { showLayer(defaultLayer()); }
  });
  if (closer) { closer.addEventListener("click", deselect); }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) { deselect(); }
  });
  showLayer(defaultLayer());
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
