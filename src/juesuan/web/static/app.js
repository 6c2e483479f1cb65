// juesuan web pages: upload queue, finding ⇄ cell links, PDF page box, rules filter, SQL form.
// Served from the package; no external script. Text from the server is set with textContent only.
"use strict";
(function () {
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  var LABEL = {"queued": "处理中", "duplicate": "已在处理", "loaded": "已读取", "narrative-only": "仅情况说明",
               "failed": "读取失败", "refused": "已拒绝"};

  // --- upload -------------------------------------------------------------------------
  function uploadPage() {
    var drop = $("#drop"), input = $("#files"), body = $("#queue tbody");
    if (!drop) return;
    function row(file) {
      var tr = document.createElement("tr");
      var name = document.createElement("td"); name.textContent = file.name;
      var prog = document.createElement("td"); var bar = document.createElement("progress");
      bar.max = 100; bar.value = 0; prog.appendChild(bar);
      var status = document.createElement("td"); status.textContent = "等待上传";
      var result = document.createElement("td");
      tr.appendChild(name); tr.appendChild(prog); tr.appendChild(status); tr.appendChild(result);
      body.appendChild(tr);
      return {tr: tr, bar: bar, status: status, result: result};
    }
    function show(ui, doc) {
      ui.status.textContent = LABEL[doc.status] || doc.status;
      ui.tr.className = "st-" + doc.status;
      ui.result.textContent = "";
      if (doc.status === "loaded" || doc.status === "narrative-only" || doc.status === "failed") {
        var a = document.createElement("a");
        a.href = "/documents/" + encodeURIComponent(doc.id);
        a.className = "open";
        a.textContent = doc.status === "failed" ? "查看原因" :
          "错误 " + (doc.errors || 0) + " · 警告 " + (doc.warnings || 0) + " · 提示 " + (doc.notes || 0) + " → 打开";
        ui.result.appendChild(a);
        if (doc.error) { var s = document.createElement("div"); s.className = "problem"; s.textContent = doc.error; ui.result.appendChild(s); }
        return true;
      }
      return false;
    }
    function poll(ui, id) {
      fetch("/api/documents/" + encodeURIComponent(id)).then(function (r) { return r.json(); }).then(function (doc) {
        if (!show(ui, doc)) setTimeout(function () { poll(ui, id); }, 700);
      }).catch(function () { setTimeout(function () { poll(ui, id); }, 1500); });
    }
    function send(file) {
      var ui = row(file);
      var form = new FormData(); form.append("files", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/documents");
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) ui.bar.value = Math.round(100 * e.loaded / e.total); };
      ui.status.textContent = "上传中";
      xhr.onload = function () {
        ui.bar.value = 100;
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        if (xhr.status === 202 && data && data.length) {
          var item = data[0];
          if (item.status === "refused") { ui.status.textContent = LABEL.refused; ui.result.textContent = item.reason || ""; return; }
          ui.status.textContent = LABEL[item.status] || item.status;
          poll(ui, item.id);
        } else {
          ui.status.textContent = LABEL.refused;
          ui.tr.className = "st-refused";
          ui.result.textContent = (data && data.detail) ? String(data.detail) : ("HTTP " + xhr.status);
        }
      };
      xhr.onerror = function () { ui.status.textContent = "网络错误"; };
      xhr.send(form);
    }
    function take(files) { for (var i = 0; i < files.length; i++) send(files[i]); }
    input.addEventListener("change", function () { take(input.files); input.value = ""; });
    ["dragenter", "dragover"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) { if (e.dataTransfer && e.dataTransfer.files) take(e.dataTransfer.files); });
  }

  // --- document view ------------------------------------------------------------------
  function documentPage() {
    var holder = $("#docdata");
    if (!holder) return;
    var data = JSON.parse(holder.textContent);
    var cellsByAddr = {};
    $all("td[data-addr]").forEach(function (td) {
      (cellsByAddr[td.getAttribute("data-addr")] = cellsByAddr[td.getAttribute("data-addr")] || []).push(td);
    });
    function clear() { $all(".hl").forEach(function (e) { e.classList.remove("hl"); });
                       $all("li.finding.active").forEach(function (e) { e.classList.remove("active"); }); }
    function showBox(addr) {
      var view = $("#pageview");
      if (!view || !data.pdf) return;
      var box = data.boxes[addr];
      if (!box) { view.hidden = true; return; }
      var page = box[0], size = data.sizes[page] || data.sizes[String(page)];
      if (!size) { view.hidden = true; return; }
      var img = $("#pageimg"), mark = $("#cellbox");
      $("#pagecap").textContent = "第 " + page + " 页 · " + addr;
      img.src = "/documents/" + encodeURIComponent(data.id) + "/pages/" + page + ".png";
      mark.style.left = (100 * box[1] / size[0]) + "%";
      mark.style.top = (100 * box[2] / size[1]) + "%";
      mark.style.width = (100 * (box[3] - box[1]) / size[0]) + "%";
      mark.style.height = (100 * (box[4] - box[2]) / size[1]) + "%";
      view.hidden = false;
    }
    function selectFinding(li, scroll) {
      clear();
      li.classList.add("active");
      var first = null;
      (li.getAttribute("data-cells") || "").split("|").forEach(function (addr) {
        (cellsByAddr[addr] || []).forEach(function (td) { td.classList.add("hl"); first = first || td; });
      });
      (li.getAttribute("data-lines") || "").split("|").forEach(function (id) {
        var p = id && document.getElementById(id);
        if (p) { p.classList.add("hl"); first = first || p; }
      });
      if (first && scroll) first.scrollIntoView({block: "center"});
      var boxed = (li.getAttribute("data-cells") || "").split("|").filter(function (a) { return data.boxes[a]; });
      if (boxed.length) showBox(boxed[0]); else if ($("#pageview")) $("#pageview").hidden = true;
      if (history.replaceState) history.replaceState(null, "", "#" + li.id);
    }
    var pageimg = $("#pageimg");
    if (pageimg) pageimg.addEventListener("click", function () { $("#pageview").classList.toggle("big"); });
    $all("li.finding").forEach(function (li) {
      li.addEventListener("click", function (e) { if (e.target.tagName !== "A") selectFinding(li, true); });
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") selectFinding(li, true); });
    });
    $all("[data-findings]").forEach(function (el) {
      el.addEventListener("click", function () {
        clear();
        el.classList.add("hl");
        var first = null;
        el.getAttribute("data-findings").split(",").forEach(function (i) {
          var li = document.getElementById("f" + i);
          if (li) { li.classList.add("active"); first = first || li; }
        });
        if (first) first.scrollIntoView({block: "nearest"});
        if (el.hasAttribute("data-addr")) showBox(el.getAttribute("data-addr"));
      });
    });
    if (location.hash && /^#f\d+$/.test(location.hash)) {
      var li = document.getElementById(location.hash.slice(1));
      if (li) selectFinding(li, true);
    }
  }

  function pendingPage() {
    var p = $("#pending");
    if (!p) return;
    setTimeout(function () { location.reload(); }, 1500);
  }

  function rulesPage() {
    var box = $("#rule-filter");
    if (!box) return;
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      $all("section.rule").forEach(function (s) { s.hidden = q && s.textContent.toLowerCase().indexOf(q) < 0; });
    });
  }

  function sqlForm() {
    var form = $("#sql-form");
    if (!form) return;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      fetch("/api/query", {method: "POST", headers: {"Content-Type": "application/json"},
                           body: JSON.stringify({sql: $("#sql").value, limit: 200})})
        .then(function (r) { return r.json(); })
        .then(function (d) { $("#sql-result").textContent = JSON.stringify(d, null, 1); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    uploadPage(); documentPage(); pendingPage(); rulesPage(); sqlForm();
  });
})();
