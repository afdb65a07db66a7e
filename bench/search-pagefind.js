// The Pagefind side of bench/search.sh: the JavaScript API (lighter than
// Pagefind's UI), the first 10 results with their titles, as /buscar/
// shows them.
const q = new URLSearchParams(location.search).get("q") || "";
const pagefind = await import("/pagefind/pagefind.js");
const search = await pagefind.search(q);
const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
const list = document.getElementById("resultados");
for (const d of data) {
  const li = document.createElement("li"), a = document.createElement("a");
  a.href = d.url;
  a.textContent = d.meta.title;
  li.appendChild(a);
  list.appendChild(li);
}
document.getElementById("estado").textContent = search.results.length + " resultados";
list.setAttribute("aria-busy", "false");
