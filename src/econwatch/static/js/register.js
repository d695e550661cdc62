// Industry suggestions: fill <datalist id="industry-hints" data-url="..."> from the
// server as the user types a code, a Chinese name or pinyin initials.
(function () {
  function attach() {
    var list = document.getElementById("industry-hints");
    if (!list || !list.dataset.url) return;
    var boxes = document.querySelectorAll("input[list=industry-hints]");
    boxes.forEach(function (box) {
      var timer;
      box.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var text = box.value.trim();
          if (!text) { list.innerHTML = ""; return; }
          fetch(list.dataset.url + "?industry=" + encodeURIComponent(text))
            .then(function (r) { return r.ok ? r.text() : ""; })
            .then(function (html) { list.innerHTML = html; });
        }, 250);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", attach);
})();
