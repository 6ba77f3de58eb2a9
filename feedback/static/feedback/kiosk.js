/* The counter tablet: one question per screen, big faces, reasons at 3 points or fewer, then
   thanks. Finished answers go into a queue in localStorage and are sent when the network is
   there; the server stores each reference once, so sending one twice is harmless. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("kiosk-config").textContent);
  var root = document.getElementById("kiosk");
  var status = document.getElementById("kiosk-status");
  var KEY = "cchc-kiosk-queue:" + config.answersUrl;
  // Faces drawn as SVG, not emoji: a tablet's fonts may have no emoji at all.
  var MOUTH = { 5: 9, 4: 5, 3: 0, 2: -5, 1: -9 };
  var COLOUR = { 5: "#1a7f37", 4: "#4d9e3a", 3: "#b08800", 2: "#d1670f", 1: "#c62828" };
  var SVG = "http://www.w3.org/2000/svg";
  function face(score) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 64 64");
    svg.setAttribute("width", "72");
    svg.setAttribute("height", "72");
    svg.setAttribute("aria-hidden", "true");
    function part(tag, attrs) {
      var e = document.createElementNS(SVG, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      svg.appendChild(e);
    }
    var c = COLOUR[score];
    part("circle", { cx: 32, cy: 32, r: 29, fill: "none", stroke: c, "stroke-width": 4 });
    part("circle", { cx: 22, cy: 25, r: 4, fill: c });
    part("circle", { cx: 42, cy: 25, r: 4, fill: c });
    var y = 44 - MOUTH[score] / 2;
    part("path", { d: "M18 " + y + " Q32 " + (y + MOUTH[score] * 1.6) + " 46 " + y, fill: "none", stroke: c, "stroke-width": 4, "stroke-linecap": "round" });
    return svg;
  }
  var state, idleTimer, sending = false;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function queue() { try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; } }
  function saveQueue(items) { localStorage.setItem(KEY, JSON.stringify(items)); showStatus(); }
  function showStatus() {
    var n = queue().length;
    status.textContent = n ? n + " " + config.texts.waiting : "";
    root.setAttribute("data-queued", String(n));
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function idle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(start, config.resetSeconds * 1000);
  }
  function start() {
    state = { step: 0, scores: {}, reasons: [] };
    render();
  }
  function render() {
    root.textContent = "";
    var q = config.questions[state.step];
    if (state.step < config.questions.length) {
      root.appendChild(el("p", "kstep", (state.step + 1) + " / " + config.questions.length));
      root.appendChild(el("p", "kq", q.text));
      var faces = el("div", "faces");
      config.scale.forEach(function (s) {
        var b = el("button", "face");
        b.type = "button";
        b.setAttribute("data-score", s.value);
        var icon = el("span", "");
        icon.appendChild(face(s.value));
        b.appendChild(icon);
        b.appendChild(document.createTextNode(s.label));
        b.addEventListener("click", function () {
          state.scores[q.id] = s.value;
          state.step += 1;
          render();
        });
        faces.appendChild(b);
      });
      root.appendChild(faces);
    } else if (state.step === config.questions.length && needsReason()) {
      root.appendChild(el("p", "kq", config.texts.reasons));
      var list = el("div", "kreasons");
      config.reasons.forEach(function (r) {
        var b = el("button", "", r.text);
        b.type = "button";
        b.addEventListener("click", function () {
          var i = state.reasons.indexOf(r.id);
          if (i >= 0) { state.reasons.splice(i, 1); b.className = ""; } else { state.reasons.push(r.id); b.className = "on"; }
        });
        list.appendChild(b);
      });
      root.appendChild(list);
      var actions = el("div", "kactions");
      var send = el("button", "", config.texts.send);
      send.type = "button";
      send.addEventListener("click", finish);
      actions.appendChild(send);
      root.appendChild(actions);
    } else {
      finish();
      return;
    }
    root.setAttribute("data-ready", "1");
    idle();
  }
  function needsReason() {
    if (!config.reasons.length) return false;
    return Object.keys(state.scores).some(function (k) { return state.scores[k] <= config.askReasonUpTo; });
  }
  function finish() {
    var items = queue();
    items.push({ client_ref: uuid(), scores: state.scores, reasons: state.reasons, answered_at: new Date().toISOString() });
    saveQueue(items);
    root.textContent = "";
    root.appendChild(el("p", "kthanks", config.texts.thanks));
    clearTimeout(idleTimer);
    idleTimer = setTimeout(start, 4000);
    flush();
  }
  function flush() {
    var items = queue();
    if (sending || !items.length || navigator.onLine === false) { showStatus(); return; }
    sending = true;
    var batch = items.slice(0, 50);
    fetch(config.answersUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ answers: batch }),
      credentials: "omit"
    }).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); }).then(function (data) {
      var done = {};
      (data.results || []).forEach(function (res) {
        if (res.status === "stored" || res.status === "duplicate" || res.status === "refused") done[res.client_ref] = true;
      });
      saveQueue(queue().filter(function (item) { return !done[item.client_ref]; }));
    }).catch(function () { showStatus(); }).then(function () { sending = false; });
  }
  window.addEventListener("online", flush);
  setInterval(flush, 30000);
  ["pointerdown", "keydown"].forEach(function (t) { document.addEventListener(t, idle); });
  start();
  showStatus();
  flush();
})();
