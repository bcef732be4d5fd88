/* Small widgets of the blood-drive calendar. No outside requests, no libraries.
 *
 * Started from Material's `document$` observable (so they also work with instant navigation),
 * or on DOMContentLoaded when the theme's bundle is not there. Every page works without this
 * file: it only adds the share button, the "when can I give again" calculator, the list's
 * filters (without it: pages per area) and the marks that follow the visitor's clock.
 */
(function () {
  "use strict";

  /* ------------------------------------------------------------------ share a drive */
  function initShare(root) {
    var buttons = root.querySelectorAll("[data-hmtn-share]");
    Array.prototype.forEach.call(buttons, function (button) {
      if (button.dataset.hmtnReady) return;
      button.dataset.hmtnReady = "1";
      var status = button.parentNode.querySelector(".hmtn-share-status");
      var canShare = typeof navigator.share === "function";
      button.textContent = canShare ? "Chia sẻ" : "Sao chép liên kết";
      button.hidden = false;
      function say(text) { if (status) status.textContent = text; }
      button.addEventListener("click", function () {
        var url = window.location.href.split("#")[0];
        var title = button.getAttribute("data-title") || document.title;
        if (canShare) {
          navigator.share({ title: title, url: url }).catch(function () { /* closed */ });
          return;
        }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(
            function () { say("Đã sao chép liên kết."); },
            function () { window.prompt("Sao chép liên kết:", url); });
        } else {
          window.prompt("Sao chép liên kết:", url);
        }
      });
    });
  }

  /* ------------------------------------------------------------------ calculator */
  var DAY = 24 * 60 * 60 * 1000;

  function parseDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  }

  function localToday() {
    var now = new Date();
    return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  }

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  /* Mirrors hmtn_docs.vi.format_short_date (Nghị định 30: day on two digits, months 1 and 2
   * padded, 3-12 not); weekday names come from the page, written by hmtn_docs.vi. */
  function shortDate(d) {
    var m = d.getUTCMonth() + 1;
    return pad2(d.getUTCDate()) + "/" + (m < 3 ? pad2(m) : String(m)) + "/" + d.getUTCFullYear();
  }

  function dayText(d, weekdays) {
    return weekdays[(d.getUTCDay() + 6) % 7] + ", " + shortDate(d);
  }

  function initCalculator(root) {
    var forms = root.querySelectorAll("[data-hmtn-calc]");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.dataset.hmtnReady) return;
      form.dataset.hmtnReady = "1";
      var weekdays = JSON.parse(form.getAttribute("data-weekdays"));
      var months = JSON.parse(form.getAttribute("data-months") || "{}");
      var out = form.querySelector("output");

      function show(lines, link) {
        out.textContent = "";
        lines.forEach(function (line) {
          var p = document.createElement("p");
          p.textContent = line;
          out.appendChild(p);
        });
        if (link) {
          var a = document.createElement("a");
          a.href = link.url;
          a.textContent = link.text;
          var p = document.createElement("p");
          p.appendChild(a);
          out.appendChild(p);
        }
      }

      function compute(event) {
        if (event) event.preventDefault();
        var last = parseDay(form.elements.last.value);
        if (!last) { show(["Hãy chọn ngày bạn hiến máu lần gần nhất."]); return; }
        var kind = form.querySelector("input[name=kind]:checked");
        var wait = +(kind ? kind.value : 84);
        var today = parseDay(form.getAttribute("data-today")) || localToday();
        if (last > today) { show(["Ngày bạn chọn chưa tới. Hãy chọn lại."]); return; }
        var next = new Date(last.getTime() + wait * DAY);
        var lines, from = next;
        if (next <= today) {
          lines = ["Bạn đã có thể hiến máu lại (từ " + dayText(next, weekdays) + ")."];
          from = today;
        } else {
          var left = Math.round((next - today) / DAY);
          lines = ["Bạn có thể hiến máu lại từ " + dayText(next, weekdays) + ".",
                   "Còn " + left + " ngày nữa."];
        }
        var key = from.getUTCFullYear() + "-" + pad2(from.getUTCMonth() + 1);
        var month = months[key];
        show(lines, month && {
          url: month.url, text: "Xem lịch hiến máu " + month.label.toLowerCase()
        });
        out.setAttribute("data-next", next.toISOString().slice(0, 10));
      }

      form.addEventListener("submit", compute);
      form.addEventListener("change", function () {
        if (form.elements.last.value) compute();
      });
    });
  }

  /* ------------------------------------------------------------------ list filters */
  var FILTERS = ["area", "organiser", "programme", "month"];

  function initFilter(root) {
    var form = root.querySelector("[data-hmtn-filter]");
    if (!form || form.dataset.hmtnReady) return;
    form.dataset.hmtnReady = "1";
    var page = form.parentNode;
    var rows = page.querySelectorAll("ul.hmtn-list > li[data-area]");
    var groups = page.querySelectorAll(".hmtn-filter-group");
    var count = form.querySelector("[data-hmtn-filter-count]");
    var none = page.querySelector("[data-hmtn-filter-none]");
    var query = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      var wanted = query.get(name);
      var select = form.elements[name];
      if (wanted && select.querySelector("option[value='" + CSS.escape(wanted) + "']")) {
        select.value = wanted;
      }
    });

    function apply() {
      var want = {}, any = false, shown = 0;
      FILTERS.forEach(function (name) {
        want[name] = form.elements[name].value;
        any = any || !!want[name];
      });
      Array.prototype.forEach.call(rows, function (li) {
        var ok = FILTERS.every(function (name) {
          return !want[name] || li.getAttribute("data-" + name) === want[name];
        });
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      Array.prototype.forEach.call(groups, function (group) {
        group.hidden = !group.querySelector("li[data-area]:not([hidden])");
      });
      count.textContent = any ? "Có " + shown + " đợt hiến máu như bạn chọn." : "";
      if (none) none.hidden = shown > 0;
      var params = new URLSearchParams();
      FILTERS.forEach(function (name) { if (want[name]) params.set(name, want[name]); });
      var search = params.toString();
      history.replaceState(history.state, "", window.location.pathname + (search ? "?" + search : ""));
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  /* ------------------------------------------------------------------ the visitor's day */
  /* The pages are built on one day and read on others: "Hôm nay", the past marks, the home
   * list and a past drive's notice follow the visitor's clock, on Vietnam's calendar (a
   * visitor abroad still sees the drives' days as they are in Vietnam). */
  function todayInVietnam() {
    try {
      return new Intl.DateTimeFormat("en-CA", {
        timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit"
      }).format(new Date());
    } catch (e) {  // no time zone data: UTC+7 has no daylight saving
      return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
    }
  }

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function initToday(root) {
    var today = todayInVietnam();
    each(root, "time[data-hmtn-today]", function (time) {
      if (time.getAttribute("datetime") === today) return;
      var weekdays = JSON.parse(time.getAttribute("data-weekdays"));
      time.setAttribute("datetime", today);
      time.textContent = dayText(parseDay(today), weekdays);
    });
    each(root, "td[data-day]", function (td) {
      td.classList.toggle("is-today", td.getAttribute("data-day") === today);
    });
    each(root, "li[data-last]", function (li) {
      li.classList.toggle("is-past", li.getAttribute("data-last") < today);
    });
    each(root, "ul[data-hmtn-upcoming]", function (list) {
      var room = +list.getAttribute("data-shown");
      each(list, ":scope > li", function (li) {
        var ahead = li.getAttribute("data-last") >= today;
        li.hidden = !(ahead && room > 0);
        if (ahead && room > 0) room -= 1;
      });
      var none = list.parentNode.querySelector("[data-hmtn-none]");
      if (none) none.hidden = !!list.querySelector(":scope > li:not([hidden])");
    });
    each(root, "[data-hmtn-past]", function (note) {
      var past = note.getAttribute("data-last") < today;
      note.hidden = !past;
      var actions = root.querySelector("[data-hmtn-actions]");
      var facts = root.querySelector("dl.hmtn-facts");
      if (past && actions && facts && (actions.compareDocumentPosition(facts) &
                                       Node.DOCUMENT_POSITION_FOLLOWING)) {
        facts.parentNode.insertBefore(actions, facts.nextSibling);  // calendar buttons second
      }
    });
  }

  function initPrint(root) {
    each(root, "[data-hmtn-print]", function (button) {
      button.hidden = false;
      button.onclick = function () { window.print(); };
    });
  }

  function init() {
    initPrint(document);
    initToday(document);
    initShare(document);
    initCalculator(document);
    initFilter(document);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
