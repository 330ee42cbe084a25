/*
 * Thai queries for Material for MkDocs' search (9.x).
 *
 * The build (hooks/thai_search.py, oit/search/thai_search.py) cuts the Thai text of the
 * search index into words joined by U+200B and ships the site's Thai vocabulary as
 * search/thai-words.json. This script cuts a Thai query typed without spaces into the
 * same words before Material's search worker sees it, so "รายงานผล" is searched as
 * "+รายงาน* +ผล*" (all parts required, each a prefix, like Material's own terms).
 *
 * Material 9 removed its query-transform hook, so the query message to the search
 * worker ({type: 2, data: query}) is rewritten in Worker.prototype.postMessage. Only
 * that message is touched, and only when it contains Thai. The only request made is
 * for search/thai-words.json on this site.
 */
(function () {
  "use strict";

  var QUERY = 2;                              /* SearchMessageType.QUERY */
  var THAI = /[\u0E00-\u0E7F]/;
  var THAI_RUN = /[\u0E00-\u0E7F]+/g;
  var PLAIN = /^[\u0E00-\u0E7FA-Za-z0-9]+$/;   /* Thai, Latin letters, digits only */
  /* A part never starts with a following vowel or mark, nor ends after a leading vowel */
  var NO_START = /[\u0E30-\u0E3A\u0E45\u0E47-\u0E4E]/;
  var NO_END = /[\u0E40-\u0E44]/;
  var UNKNOWN = 10;                            /* cost of a cluster matching no word */
  var PREFIX = 1.25;                           /* cost of a part that only starts a word */

  /* This file is assets/javascripts/thai-search.js; the vocabulary is search/... */
  function vocabularyLocation() {
    var script = document.currentScript;
    if (script && script.src)
      return new URL("../../search/thai-words.json", script.src);
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/") + "search/thai-words.json", location.href);
  }
  var vocabularyUrl = vocabularyLocation();

  var words = null;                            /* sorted vocabulary, once loaded */
  var known = null;                            /* Set of the same words */
  var loading = null;
  var latest = null;                           /* last untransformed query sent */

  /* Index of the first word >= value (words sorted by UTF-16 code units) */
  function lowerBound(value) {
    var lo = 0, hi = words.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (words[mid] < value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* True when some index term starts with value (Material adds a * wildcard) */
  function startsSomeWord(value) {
    var i = lowerBound(value);
    return i < words.length && words[i].lastIndexOf(value, 0) === 0;
  }

  function isCut(run, i) {
    return i === 0 || i === run.length ||
      !(NO_START.test(run.charAt(i)) || NO_END.test(run.charAt(i - 1)));
  }

  /*
   * Cut one run of Thai characters into the fewest parts that are words of the site
   * (or start one), like maximal matching; characters matching nothing are kept
   * together as one part.
   */
  function segmentRun(run) {
    if (known.has(run) || startsSomeWord(run)) return [run];
    var n = run.length, cost = [0], back = [], kind = [];
    for (var k = 1; k <= n; k++) cost[k] = Infinity;
    for (var i = 0; i < n; i++) {
      if (cost[i] === Infinity || !isCut(run, i)) continue;
      /* an unknown cluster: up to the next cut */
      var u = i + 1;
      while (u < n && !isCut(run, u)) u++;
      if (cost[i] + UNKNOWN < cost[u]) {
        cost[u] = cost[i] + UNKNOWN; back[u] = i; kind[u] = "unknown";
      }
      for (var j = i + 1; j <= n; j++) {
        if (!isCut(run, j)) continue;
        var part = run.slice(i, j);
        if (!startsSomeWord(part)) break;      /* longer parts cannot match either */
        var c = cost[i] + (known.has(part) ? 1 : PREFIX);
        if (c < cost[j]) { cost[j] = c; back[j] = i; kind[j] = "word"; }
      }
    }
    var parts = [], end = n;
    while (end > 0) {
      var start = back[end];
      if (kind[end] === "unknown" && parts.length && parts[0].unknown)
        parts[0] = { text: run.slice(start, end) + parts[0].text, unknown: true };
      else
        parts.unshift({ text: run.slice(start, end), unknown: kind[end] === "unknown" });
      end = start;
    }
    return parts.map(function (p) { return p.text; });
  }

  /* Split a term into Thai runs and the text between them, then cut the runs */
  function segmentTerm(term) {
    var parts = [], last = 0, match;
    THAI_RUN.lastIndex = 0;
    while ((match = THAI_RUN.exec(term)) !== null) {
      if (match.index > last) parts.push(term.slice(last, match.index));
      parts.push.apply(parts, segmentRun(match[0]));
      last = match.index + match[0].length;
    }
    if (last < term.length) parts.push(term.slice(last));
    return parts.filter(function (p) { return p.length > 0; });
  }

  /*
   * Rewrite a whole query. A term is cut only when it is Thai, Latin letters and
   * digits with some Thai in it, optionally with a leading "+", a trailing "*" or
   * quotes; anything else (fields, "-", "~", "^", "ป.ป.ช.") is left as typed. Outside quotes the parts become "+part*"; inside
   * quotes they are only separated, as Material already makes quoted words required.
   */
  function segmentQuery(query) {
    var inQuote = false;
    return query.split(/(\s+)/).map(function (token) {
      if (!token || /^\s+$/.test(token)) return token;
      var quoted = inQuote;
      if ((token.match(/"/g) || []).length % 2) inQuote = !inQuote;
      var m = /^("?)(\+?)([^"]*?)(\*?)("?)$/.exec(token);
      if (!m || !THAI.test(m[3]) || !PLAIN.test(m[3])) return token;
      var parts = segmentTerm(m[3]);
      if (parts.length < 2) return token;
      if (quoted || m[1])
        return m[1] + m[2] + parts.join(" ") + m[4] + m[5];
      return parts.map(function (p) { return "+" + p + "*"; }).join(" ");
    }).join("");
  }

  function load() {
    if (!loading) {
      loading = fetch(vocabularyUrl.href, { credentials: "same-origin" })
        .then(function (res) {
          if (!res.ok) throw new Error("HTTP " + res.status);
          return res.json();
        })
        .then(function (data) {
          var list = Array.isArray(data) ? data : (data && data.words) || [];
          words = list.filter(function (w) { return typeof w === "string"; }).sort();
          known = new Set(words);
          /* a query sent before the words arrived: send it again, cut */
          if (latest) {
            var pending = latest;
            latest = null;
            var data2 = segmentQuery(pending.query);
            if (data2 !== pending.query)
              post.call(pending.worker, { type: QUERY, data: data2 });
          }
        })
        .catch(function (err) {
          if (window.console) console.warn("thai-search: no vocabulary (" + err + ")");
        });
    }
    return loading;
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      latest = null;
      if (THAI.test(message.data)) {
        if (words) {
          var data = segmentQuery(message.data);
          if (data !== message.data) {
            var args = Array.prototype.slice.call(arguments);
            args[0] = { type: QUERY, data: data };
            return post.apply(this, args);
          }
        } else {
          latest = { worker: this, query: message.data };
          load();
        }
      }
    }
    return post.apply(this, arguments);
  };

  /* Fetch the vocabulary as soon as the reader heads for the search box */
  function warm() { load(); }
  var input = document.querySelector("[data-md-component=search-query]");
  if (input) {
    input.addEventListener("focus", warm, { once: true });
    input.addEventListener("pointerenter", warm, { once: true });
  }
  var toggle = document.getElementById("__search");
  if (toggle) toggle.addEventListener("change", warm, { once: true });
  if (new URLSearchParams(location.search).has("q")) load();

  /* For tests and debugging */
  window.__thaiSearch = { segmentQuery: function (q) {
    return words ? segmentQuery(q) : null;
  }, load: load };
})();
