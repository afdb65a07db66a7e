/* Search for /buscar/, the only script of the site. It reads ?q= (and the
   filters tipo, anio, cuando), fetches the manifest of the index the build
   wrote (/buscar/indice/, see internal/render/searchindex.go), the buckets
   of the query's stems, and the results blocks of the results it shows.
   Without it, the page is a plain form whose status line points to the
   section lists. */
"use strict";

/* fold must match render.Fold: decompose, drop combining marks but the
   tilde of ñ, lower case. */
function fold(s) {
  var out = "";
  for (var c of s.normalize("NFD")) {
    if (/\p{Mn}/u.test(c)) {
      if (c === "\u0303" && out.slice(-1) === "n") out = out.slice(0, -1) + "ñ";
      continue;
    }
    out += c.toLowerCase();
  }
  return out;
}

var enc = new TextEncoder();

/* stem is Snowball's Spanish stemmer as github.com/kljensen/snowball
   (v0.10.0) writes it, for folded words only: the suffixes with accents
   can never match one and are left out. TestStemsMatchScript compares
   both on every word of a fixture. */
function stem(w) {
  if (enc.encode(w).length <= 2) return w;
  var rs = Array.from(w), r1, r2, rv;
  function isV(c) { return "aeiou".indexOf(c) >= 0; }
  function vnv(start) {
    for (var j = start + 1; j < rs.length; j++) if (isV(rs[j - 1]) && !isV(rs[j])) return j + 1;
    return rs.length;
  }
  function has(start, end, s) {
    if (s.length > end - start) return false;
    for (var i = 0; i < s.length; i++) if (rs[end - 1 - i] !== s[s.length - 1 - i]) return false;
    return true;
  }
  function firstIn(start, end, list) {
    for (var i = 0; i < list.length; i++) if (has(start, end, list[i])) return list[i];
    return "";
  }
  function firstIfIn(start, list) {
    for (var i = 0; i < list.length; i++)
      if (has(0, rs.length, list[i])) return rs.length - list[i].length >= start ? list[i] : "";
    return "";
  }
  function cut(n) {
    rs.length -= n;
    r1 = Math.min(r1, rs.length); r2 = Math.min(r2, rs.length); rv = Math.min(rv, rs.length);
  }
  function cutIfIn(start, list) {
    var s = firstIfIn(start, list);
    if (s) cut(s.length);
    return s;
  }
  function replace(s, by) { cut(s.length); rs = rs.concat(Array.from(by)); }
  function gu() { if (firstIfIn(0, ["gu"])) cut(1); }
  function L(s) { return s.split(" "); }

  r1 = vnv(0); r2 = vnv(r1); rv = rs.length;
  if (rs.length >= 3) {
    var i;
    if (!isV(rs[1])) { for (i = 2; i < rs.length; i++) if (isV(rs[i])) { rv = i + 1; break; } }
    else if (isV(rs[0])) { for (i = 2; i < rs.length; i++) if (!isV(rs[i])) { rv = i + 1; break; } }
    else rv = 3;
  }
  // Step 0: attached pronouns.
  var s1 = firstIn(rv, rs.length, L("selas selos sela selo las les los nos me se la le lo"));
  if (s1) {
    var s2 = firstIn(rv, rs.length - s1.length, L("iendo yendo ando ar er ir"));
    if (s2 === "yendo") {
      for (i = 0; i < rs.length - (s1.length + s2.length); i++) if (rs[i] === "u") { cut(s1.length); break; }
    } else if (s2) cut(s1.length);
  }
  // Step 1: standard suffixes.
  var done = true, s = firstIfIn(0, L("amientos imientos aciones amiento imiento uciones idades encias ancias amente adores adoras mente istas ismos ibles encia anzas antes ancia adora ables osos osas ivos ivas ista ismo idad icos icas ible anza ante ador able oso osa ivo iva ico ica"));
  var n = s.length;
  if (!s) done = false;
  else if (s === "amente") {
    if (r1 <= rs.length - n) {
      cut(n);
      if (cutIfIn(r2, L("iv os ic ad")) === "iv") cutIfIn(r2, ["at"]);
    } else done = false;
  } else if (r2 > rs.length - n) done = false;
  else if (L("adora ador aciones adoras adores ante antes ancia ancias").indexOf(s) >= 0) { cut(n); cutIfIn(r2, ["ic"]); }
  else if (s === "mente") { cut(n); cutIfIn(r2, L("ante able ible")); }
  else if (s === "idad" || s === "idades") { cut(n); cutIfIn(r2, L("abil ic iv")); }
  else if (L("iva ivo ivas ivos").indexOf(s) >= 0) { cut(n); cutIfIn(r2, ["at"]); }
  else if (s === "uciones") replace(s, "u");
  else if (s === "encia" || s === "encias") replace(s, "ente");
  else cut(n);
  if (!done) {
    // Step 2a: verb suffixes beginning with y, after u.
    s = firstIn(rv, rs.length, L("ya ye yan yen yeron yendo yo yas yes yais yamos"));
    if (s && rs[rs.length - s.length - 1] === "u") cut(s.length);
    else {
      // Step 2b: other verb suffixes.
      s = firstIn(rv, rs.length, L("isteis iremos ieseis ierais eremos asteis aremos ieses iesen ieron ieras ieran iendo aseis arais abais iste imos iese iera idos idas aste ases asen aron aras aran ando amos ados adas abas aban ido ida emos ase ara ado ada aba ir id es er en ed as ar an ad"));
      if (s) {
        cut(s.length);
        if (s === "en" || s === "es" || s === "emos") gu();
      }
    }
  }
  // Step 3: residual suffixes.
  s = firstIfIn(rv, L("os a o e"));
  if (s) {
    cut(s.length);
    if (s === "e") gu();
  }
  return rs.join("");
}

/* words are the query's words as the tokenizer (render/tokens.go) keeps
   them: folded, at least two letters, not stop words, each once. */
function words(query, stop) {
  var seen = new Set();
  return fold(query).split(/[^\p{L}\p{N}]+/u).filter(function (w) {
    if (Array.from(w).length < 2 || stop.indexOf(w) >= 0 || seen.has(w)) return false;
    seen.add(w);
    return true;
  });
}

/* stems are the distinct stems of the query's words. */
function stems(query, stop) {
  return Array.from(new Set(words(query, stop).map(stem)));
}

/* bucket is the FNV-1a hash of a stem's UTF-8 bytes modulo n (a power of
   two), as render.searchBucket. */
function bucket(st, n) {
  var h = 0x811c9dc5, b = enc.encode(st);
  for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
  return h & (n - 1);
}

/* stemFile names the file of a frequent stem, as render.searchStemFile. */
function stemFile(st) {
  return st.replace(/[^a-z0-9]/gu, function (c) { return "_" + c.codePointAt(0).toString(16) + "_"; });
}

/* A word in the title counts more than one in the summary, which counts
   more than one in the body. */
var WEIGHTS = [3, 2, 1];

/* rank returns the numbers of the items that have every stem, best first,
   then by number (group order, newest first). postings[i] is the
   postings of stems[i]: [[title], [summary], [body]], delta-coded. */
function rank(postings) {
  var score = null;
  postings.forEach(function (p) {
    var mine = new Map();
    p.forEach(function (list, field) {
      var id = 0;
      list.forEach(function (d, i) {
        id = i ? id + d : d;
        if (!score || score.has(id)) mine.set(id, (score ? score.get(id) : 0) + WEIGHTS[field]);
      });
    });
    score = mine;
  });
  if (!score) return [];
  var ids = Array.from(score.keys());
  ids.sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
  return ids;
}

/* facets tells, from the manifest alone, the group, year and upcoming
   state of an item number. */
function facets(m) {
  var up = new Set(), id = 0;
  m.upcoming.forEach(function (d) { id += d; up.add(id); });
  return function (n) {
    for (var g = 0; g < m.groups.length; g++) {
      var gr = m.groups[g];
      if (gr.count && n >= gr.first && n < gr.first + gr.count) {
        var at = gr.first, year = 0;
        for (var i = 0; i < gr.years.length; i++) {
          if (n < at + gr.years[i][1]) { year = gr.years[i][0]; break; }
          at += gr.years[i][1];
        }
        return { group: gr, year: year, upcoming: up.has(n) };
      }
    }
    return null;
  };
}

/* filter keeps the items that pass the filters f = {tipo, anio, cuando}. */
function filter(ids, of, f) {
  return ids.filter(function (n) {
    var x = of(n);
    if (!x) return false;
    if (f.tipo && x.group.key !== f.tipo) return false;
    if (f.anio && String(x.year) !== f.anio) return false;
    if (f.cuando && (x.group.key !== "actividades" || x.upcoming !== (f.cuando === "proximas"))) return false;
    return true;
  });
}

function getJSON(url, init) {
  return fetch(url, init).then(function (r) {
    if (!r.ok) throw new Error(url + ": " + r.status);
    return r.json();
  });
}

/* search fetches what the query needs and returns the ranked numbers.
   Every file but the manifest is asked for with the index's version, so
   that a file cached from an earlier build is never mixed with this one's
   (item numbers change from build to build). */
function search(base, m, query) {
  var v = ".json?v=" + m.version;
  var sts = stems(query, m.stop);
  if (!sts.length) return Promise.resolve({ stems: sts, ids: [] });
  return Promise.all(sts.map(function (st) {
    return getJSON(base + "t/" + bucket(st, m.buckets) + v).then(function (b) {
      var p = b[st];
      if (p === 0) return getJSON(base + "p/" + stemFile(st) + v);
      return p || null;
    });
  })).then(function (ps) {
    if (ps.indexOf(null) >= 0) return { stems: sts, ids: [] };
    return { stems: sts, ids: rank(ps) };
  });
}

var PAGE = 10;

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}

function plural(n, one, many) {
  return n === 1 ? "1 " + one : n.toLocaleString("es-CL") + " " + many;
}

function start() {
  var form = document.getElementById("buscar");
  var input = document.getElementById("q");
  var status = document.getElementById("estado");
  var list = document.getElementById("resultados");
  var more = document.getElementById("mas");
  var filters = document.getElementById("filtros");
  if (!form || !input || !status || !list || !more || !filters) return;
  var base = form.getAttribute("data-index");
  var params = new URLSearchParams(location.search);
  var query = params.get("q") || "";
  var selects = {};
  ["tipo", "anio", "cuando"].forEach(function (k) {
    selects[k] = document.getElementById(k);
    selects[k].value = params.get(k) || "";
  });
  input.value = query;
  list.setAttribute("aria-busy", "false");
  if (!query.trim()) {
    status.textContent = "Escriba lo que busca y presione Buscar.";
    return;
  }
  var title = document.title, blocks = {}, m, of, found, shown = 0;
  list.setAttribute("aria-busy", "true");
  status.textContent = "Buscando…";

  function block(n) {
    var b = Math.floor(n / m.block);
    if (!blocks[b]) blocks[b] = getJSON(base + "r/" + b + ".json?v=" + m.version);
    return blocks[b].then(function (rows) { return rows[n - b * m.block]; });
  }

  function current() {
    var f = {};
    Object.keys(selects).forEach(function (k) { f[k] = selects[k].value; });
    return f;
  }

  /* counts puts in each filter option how many results it would leave. */
  function counts(ids) {
    var f = current();
    Object.keys(selects).forEach(function (k) {
      var others = Object.assign({}, f);
      others[k] = "";
      var pool = filter(ids, of, others);
      Array.prototype.forEach.call(selects[k].options, function (o) {
        if (!o.dataset.label) o.dataset.label = o.textContent;
        var one = {};
        one[k] = o.value;
        o.textContent = o.dataset.label + " (" + filter(pool, of, one).length.toLocaleString("es-CL") + ")";
      });
    });
  }

  /* render shows the results up to shown + PAGE, grouped by type, in
     the order their best result comes; focus goes to the first new one. */
  function render(reset) {
    var ids = filter(found.ids, of, current());
    var q = "«" + query.trim() + "»";
    if (reset) shown = 0;
    var from = shown;
    shown = Math.min(ids.length, shown + PAGE);
    counts(found.ids);
    filters.hidden = found.ids.length === 0;
    list.setAttribute("aria-busy", "true");
    return Promise.all(ids.slice(0, shown).map(block)).then(function (rows) {
      list.textContent = "";
      var groups = [], byKey = {}, focus = null;
      ids.slice(0, shown).forEach(function (n, i) {
        var g = of(n).group;
        if (!byKey[g.key]) {
          var total = ids.filter(function (x) { return of(x).group === g; }).length;
          var sec = el("section", "search-group");
          var h = el("h3", "", g.label + " (" + total.toLocaleString("es-CL") + ")");
          h.id = "grupo-" + g.key;
          sec.setAttribute("aria-labelledby", h.id);
          sec.appendChild(h);
          var ol = el("ol", "search-results");
          sec.appendChild(ol);
          byKey[g.key] = ol;
          groups.push(sec);
        }
        var it = rows[i], li = el("li", "card");
        li.appendChild(el("p", "search-kind", it[2]));
        var h4 = el("h4", "card__title"), a = el("a", "", it[0]);
        a.href = it[1];
        h4.appendChild(a);
        li.appendChild(h4);
        if (it[3]) {
          var meta = el("p", "card__meta"), t = el("time", "", it[4]);
          t.dateTime = it[3];
          meta.appendChild(t);
          li.appendChild(meta);
        }
        if (it[5]) li.appendChild(el("p", "card__summary", it[5]));
        byKey[g.key].appendChild(li);
        if (i === from && from > 0) focus = a;
      });
      groups.forEach(function (s) { list.appendChild(s); });
      more.hidden = shown >= ids.length;
      var all = found.ids.length;
      if (!found.stems.length) status.textContent = "Escriba al menos una palabra de dos letras o más.";
      else if (!all) status.textContent = "No hay resultados para " + q + ". Pruebe con menos palabras o con otras, o explore las secciones.";
      else if (ids.length === all) status.textContent = plural(all, "resultado", "resultados") + " para " + q + (shown < all ? "; se muestran los primeros " + shown : "");
      else status.textContent = plural(ids.length, "resultado", "resultados") + " de " + all.toLocaleString("es-CL") + " para " + q + " con los filtros elegidos" + (shown < ids.length ? "; se muestran los primeros " + shown : "");
      document.title = q + ": " + plural(ids.length, "resultado", "resultados") + " — " + title;
      list.setAttribute("aria-busy", "false");
      if (focus) focus.focus();
    });
  }

  function fail() {
    list.setAttribute("aria-busy", "false");
    status.textContent = "No se pudo cargar la búsqueda. Revise su conexión e intente de nuevo, o explore las secciones.";
  }

  Object.keys(selects).forEach(function (k) {
    selects[k].addEventListener("change", function () {
      var p = new URLSearchParams(location.search);
      Object.keys(selects).forEach(function (j) {
        if (selects[j].value) p.set(j, selects[j].value);
        else p.delete(j);
      });
      history.replaceState(null, "", "?" + p.toString());
      if (found) render(true).catch(fail);
    });
  });
  more.addEventListener("click", function () { render(false).catch(fail); });

  getJSON(base + "manifiesto.json", { cache: "no-cache" })
    .then(function (manifest) {
      m = manifest;
      of = facets(m);
      return search(base, m, query);
    })
    .then(function (r) {
      found = r;
      return render(true);
    })
    .catch(fail);
}

if (typeof document !== "undefined") start();
if (typeof module !== "undefined") module.exports = { search: search, fold: fold, stem: stem, words: words, stems: stems, bucket: bucket, stemFile: stemFile, rank: rank, facets: facets, filter: filter };
