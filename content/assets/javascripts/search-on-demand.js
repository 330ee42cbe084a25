/*
 * Material for MkDocs' search, loaded when the reader opens it, not with every page.
 *
 * Material 9 (bundle.ts, integrations/search/worker) fetches search/search_index.json
 * (about 170 KB on the sample, more on a real site) and starts its search worker (about
 * 40 KB of script) as soon as any page loads over http(s): both the search worker set-up
 * and search.highlight subscribe to the index at start-up; only on file:// does Material
 * itself wait for the search toggle. Material 9 offers no setting or global to supply
 * the index lazily (the `__search` object of Material 5-7 is gone), so this script, run
 * just before Material's bundle (overrides/main.html, block `scripts`), holds back the
 * two requests that belong to the search until the reader opens it:
 *
 *  - a GET of this site's search/search_index.json (XMLHttpRequest, which Material 9
 *    uses, or fetch) is sent only then;
 *  - the worker at the URL the page's __config names as "search" is created only then
 *    (or at its first message): until that, Material holds a stand-in with the same
 *    postMessage/addEventListener/terminate surface, which then forwards both ways.
 *
 * "Opens the search": the search toggle (#__search) is switched on (the header's search
 * button, Material's own shortcut keys), the search field gets focus or is pressed, or
 * the address has ?q= (a shared search) or ?h= (a result's highlighting). Every other
 * request and worker is left alone; nothing else on the page changes.
 */
(function () {
  "use strict";

  if (location.protocol === "file:") return;  /* Material already waits there */
  var configElement = document.getElementById("__config");
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var base = new URL(config.base, location.href);
  var indexUrl = new URL("search/search_index.json", base).href;
  var workerUrl = config.search ? new URL(config.search, location.href).href : null;

  var opened = false;
  var waiting = [];

  function whenOpened(callback) {
    if (opened) callback(); else waiting.push(callback);
  }

  function open() {
    if (opened) return;
    opened = true;
    var callbacks = waiting;
    waiting = [];
    callbacks.forEach(function (callback) { callback(); });
  }

  function resolved(url) {
    try { return new URL(String(url), location.href).href; } catch (err) { return ""; }
  }

  function isIndex(url) {
    var href = resolved(url);
    return href === indexUrl || href.split(/[?#]/)[0] === indexUrl;
  }

  /* ----------------------------------------------------- the index request */

  var xhrOpen = XMLHttpRequest.prototype.open;
  var xhrSend = XMLHttpRequest.prototype.send;
  var held = new WeakSet();

  XMLHttpRequest.prototype.open = function (method, url) {
    if (!opened && String(method).toUpperCase() === "GET" && isIndex(url)) held.add(this);
    else held.delete(this);
    return xhrOpen.apply(this, arguments);
  };

  XMLHttpRequest.prototype.send = function () {
    if (!held.has(this)) return xhrSend.apply(this, arguments);
    held.delete(this);
    var request = this, args = arguments;
    whenOpened(function () {
      /* aborted while waiting: there is nothing left to send */
      if (request.readyState === XMLHttpRequest.OPENED) xhrSend.apply(request, args);
    });
  };

  var realFetch = window.fetch;
  if (realFetch) {
    window.fetch = function (input, init) {
      var url = input && typeof input === "object" && "url" in input ? input.url : input;
      var method = (init && init.method) || (input && input.method) || "GET";
      if (opened || String(method).toUpperCase() !== "GET" || !isIndex(url))
        return realFetch.apply(this, arguments);
      var self = this, args = arguments;
      return new Promise(function (resolve, reject) {
        whenOpened(function () { realFetch.apply(self, args).then(resolve, reject); });
      });
    };
  }

  /* ----------------------------------------------------------- the worker */

  var RealWorker = window.Worker;

  /* Stands in for the search worker until the search is opened */
  class DeferredWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.onmessage = null;
      this.onmessageerror = null;
      this.onerror = null;
      this._url = url;
      this._options = options;
      this._real = null;
      this._terminated = false;
      var self = this;
      whenOpened(function () { self._start(); });
    }

    _start() {
      if (this._real || this._terminated) return this._real;
      var self = this;
      var real = this._real = new RealWorker(this._url, this._options);
      ["message", "messageerror"].forEach(function (type) {
        real.addEventListener(type, function (event) {
          self._forward(new MessageEvent(type, { data: event.data, ports: event.ports }));
        });
      });
      real.addEventListener("error", function (event) {
        self._forward(new ErrorEvent("error", {
          message: event.message, filename: event.filename,
          lineno: event.lineno, colno: event.colno, error: event.error
        }));
      });
      return real;
    }

    _forward(event) {
      var handler = this["on" + event.type];
      if (typeof handler === "function") handler.call(this, event);
      this.dispatchEvent(event);
    }

    postMessage() {
      var real = this._start();
      if (real) return real.postMessage.apply(real, arguments);
    }

    terminate() {
      this._terminated = true;
      if (this._real) this._real.terminate();
    }
  }

  if (RealWorker && workerUrl) {
    var Worker = function Worker(url, options) {
      if (!new.target) return RealWorker.apply(this, arguments);  /* throws, as before */
      if (!opened && resolved(url) === workerUrl) return new DeferredWorker(url, options);
      return new RealWorker(url, options);
    };
    /* `Worker.prototype` stays the real one: instanceof and prototype patches still work */
    Worker.prototype = RealWorker.prototype;
    window.Worker = Worker;
  }

  /* ----------------------------------------------------- opening the search */

  function isSearchField(element) {
    return element instanceof Element && element.matches("[data-md-component=search-query]");
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.id === "__search" && target.checked) open();
  }, true);
  document.addEventListener("focusin", function (event) {
    if (isSearchField(event.target)) open();
  }, true);
  document.addEventListener("pointerdown", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (isSearchField(target) || target.closest("label[for=__search]")) open();
  }, true);

  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) open();
  var toggle = document.getElementById("__search");
  if (toggle && toggle.checked) open();  /* restored by the browser on back/forward */

  /* For tests and debugging */
  window.__searchOnDemand = {
    get opened() { return opened; },
    open: open
  };
})();
