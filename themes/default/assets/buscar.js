/* Search for /buscar/, the only script of the site. It reads ?q=, loads
   the index the build wrote (/buscar/indice.json, see internal/render/
   search.go) and lists what matches. Without it, the page is a plain form
   whose status line points to the archives. */
"use strict";

/* fold must match render.Fold: decompose, drop combining marks, lower case. */
function fold(s) {
  return s.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
}

/* terms are the query's words as the index stores them: folded, at least
   two characters, not stop words, each once. */
function terms(query, stop) {
  var skip = new Set(stop), seen = new Set();
  return fold(query).split(/[^\p{L}\p{N}]+/u).filter(function (w) {
    if (w.length < 2 || skip.has(w) || seen.has(w)) return false;
    seen.add(w);
    return true;
  });
}

/* Field weights: a word in the title says more than one in the summary,
   which says more than one in the body. A whole-word match counts double
   a prefix match ("beca" finds "becas", but "becas" ranks first). */
var FIELDS = [["tt", 3], ["ts", 2], ["tb", 1]];

function termScore(item, term) {
  var best = 0;
  for (var f = 0; f < FIELDS.length; f++) {
    var words = item[FIELDS[f][0]];
    if (!words) continue;
    var list = words.split(" ");
    for (var i = 0; i < list.length; i++) {
      if (list[i].lastIndexOf(term, 0) === 0) {
        var s = FIELDS[f][1] * (list[i].length === term.length ? 2 : 1);
        if (s > best) best = s;
      }
    }
  }
  return best;
}

/* rank returns the items matching every term, best first, then newest
   first (ISO dates compare as strings), then by title. */
function rank(index, query) {
  var ts = terms(query, index.stop || []);
  if (ts.length === 0) return { terms: ts, items: [] };
  var hits = [];
  index.items.forEach(function (item) {
    var total = 0;
    for (var i = 0; i < ts.length; i++) {
      var s = termScore(item, ts[i]);
      if (s === 0) return;
      total += s;
    }
    hits.push({ item: item, score: total });
  });
  hits.sort(function (a, b) {
    if (a.score !== b.score) return b.score - a.score;
    var da = a.item.d || "", db = b.item.d || "";
    if (da !== db) return da < db ? 1 : -1;
    return a.item.t < b.item.t ? -1 : a.item.t > b.item.t ? 1 : 0;
  });
  return { terms: ts, items: hits.map(function (h) { return h.item; }) };
}

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}

function show(list, status, query, result) {
  var n = result.items.length;
  var q = "«" + query.trim() + "»";
  if (result.terms.length === 0) {
    status.textContent = "Escriba al menos una palabra de dos letras o más.";
  } else if (n === 0) {
    status.textContent = "No hay resultados para " + q + ". Pruebe con menos palabras o con otras, o explore las secciones.";
  } else {
    status.textContent = (n === 1 ? "1 resultado" : n.toLocaleString("es-CL") + " resultados") + " para " + q;
  }
  list.textContent = "";
  result.items.forEach(function (it) {
    var li = el("li", "card");
    li.appendChild(el("p", "search-kind", it.k));
    var h = el("h3", "card__title"), a = el("a", "", it.t);
    a.href = it.u;
    h.appendChild(a);
    li.appendChild(h);
    if (it.d) {
      var meta = el("p", "card__meta"), t = el("time", "", it.f);
      t.dateTime = it.d;
      meta.appendChild(t);
      li.appendChild(meta);
    }
    if (it.s) li.appendChild(el("p", "card__summary", it.s));
    list.appendChild(li);
  });
  if (result.terms.length) document.title = q + ": " + (n === 1 ? "1 resultado" : n + " resultados") + " — " + document.title;
}

function start() {
  var form = document.getElementById("buscar");
  var input = document.getElementById("q");
  var status = document.getElementById("estado");
  var list = document.getElementById("resultados");
  if (!form || !input || !status || !list) return;
  var query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  if (!query.trim()) {
    status.textContent = "Escriba lo que busca y presione Buscar.";
    return;
  }
  status.textContent = "Buscando…";
  fetch(form.getAttribute("data-index"))
    .then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    })
    .then(function (index) { show(list, status, query, rank(index, query)); })
    .catch(function () {
      status.textContent = "No se pudo cargar la búsqueda. Revise su conexión e intente de nuevo, o explore las secciones.";
    });
}

if (typeof document !== "undefined") start();
if (typeof module !== "undefined") module.exports = { fold: fold, terms: terms, rank: rank };
