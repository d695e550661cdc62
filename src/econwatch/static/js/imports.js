// 数据导入: show that a long upload is running, and dim the monthly-only options.
// The form works without this script; it only informs while the server checks the file.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) return;
  var kind = form.querySelector("select[name=kind]");
  var busy = document.getElementById("upload-busy");
  var button = document.getElementById("upload-submit");

  function dimMonthly() {
    var monthly = !kind.value || kind.value === "monthly";
    form.querySelectorAll("[data-monthly-only]").forEach(function (box) {
      box.classList.toggle("off", !monthly);
    });
  }
  if (kind) {
    kind.addEventListener("change", dimMonthly);
    dimMonthly();
  }

  form.addEventListener("submit", function () {
    var started = Date.now();
    var text = busy.querySelector("[data-busy-text]");
    var checkOnly = form.querySelector("input[name=check_only]");
    var verb = checkOnly && checkOnly.checked ? "检查" : "检查并导入";
    busy.hidden = false;
    // Disabled only after the submit has been dispatched, so the click still posts.
    setTimeout(function () { button.disabled = true; }, 0);
    text.textContent = "正在上传并" + verb + "…";
    setInterval(function () {
      var seconds = Math.round((Date.now() - started) / 1000);
      text.textContent = "正在上传并" + verb + "，已用时" + seconds + "秒（请勿重复提交）";
    }, 1000);
  });
})();
