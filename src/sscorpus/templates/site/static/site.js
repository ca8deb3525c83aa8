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
  var current = null;
  if (toolbar) { toolbar.hidden = false; }
  body.classList.add("arrange-all");

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
  function select(key, scrollText) {
    var it = item(key);
    if (!it) { return; }
    if (current) {
      segmentsOf(current).forEach(function (el) { el.classList.remove("sel"); });
      var previous = item(current);
      if (previous) { previous.removeAttribute("aria-current"); }
    }
    current = key;
    var segments = segmentsOf(key);
    segments.forEach(function (el) { el.classList.add("sel"); });
    it.setAttribute("aria-current", "true");
    it.querySelector("details").open = true;
    var details = it.querySelector(".details").cloneNode(true);
    panel.replaceChildren(details);
    panel.setAttribute("data-key", key);
    if (scrollText && segments.length) { segments[0].scrollIntoView({block: "center"}); }
    var list = it.closest(".list");  // scroll the list to the item, not the page
    if (list && (it.offsetTop < list.scrollTop || it.offsetTop > list.scrollTop + list.clientHeight - 40)) {
      list.scrollTop = it.offsetTop - 40;
    }
  }
  function fromHash() {
    var key;
    try { key = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }  // a mangled address
    if (item(key)) { select(key, true); }
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
    select(key, false);
  });
  document.querySelectorAll(".item > details > summary").forEach(function (summary) {
    summary.addEventListener("click", function (event) {
      var details = summary.parentNode;
      var key = details.parentNode.getAttribute("data-key");
      event.preventDefault();  // the script opens and closes it, in step with the selection
      if (details.open && key === current) { details.open = false; return; }
      history.replaceState(null, "", "#" + key);
      select(key, true);
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
  document.querySelectorAll('input[name="layer-view"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      var all = radio.value === "all";
      body.classList.toggle("arrange-all", all);
      texts.classList.toggle("one-layer", !all);
      document.querySelectorAll(".layer, .layer-list").forEach(function (el) {
        el.classList.toggle("off", !all && el.getAttribute("data-layer") !== radio.value);
      });
      document.querySelectorAll(".item").forEach(function (it) {
        it.classList.toggle("off", !all && it.getAttribute("data-layer") !== radio.value);
      });
    });
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
