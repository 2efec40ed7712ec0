// The search page (layouts/search.html): reads the Pagefind index the build
// writes under /pagefind/ and shows its results in the theme's own markup.
// The index comes in shards of a year, quarter, month or week (search.py):
// index.json lists this edition's, newest first; the first is loaded, the
// others merged in, each with a filter naming it. filters.json has the
// values of this edition's filters, with their counts.
// The form works without this script as a plain form; its words come from
// the page (data-* attributes), in the page's language.

const root = document.querySelector(".search");
const form = root.querySelector(".search-form");
const input = form.querySelector("#search-input");
const sort = form.querySelector("#search-sort");
const filterBox = form.querySelector(".search-filters");
const selects = [...form.querySelectorAll("select[data-filter]")];
const status = root.querySelector(".search-status");
const list = root.querySelector(".search-results");
const more = root.querySelector(".search-more");
const PAGE = 10;
const SHARD = "newsgen-shard"; // the filter each shard's pages get when it is merged in

let pagefind = null;
let shards = []; // this edition's: {name, year, url}, newest first
let found = [];
let shown = 0;
let asked = 0; // the latest search: an older one finishing late is dropped

const words = (template, values) => template.replace(/%\((\w+)\)s/g, (_, key) => values[key] ?? "");

// Pagefind's excerpt is HTML with <mark> around the matches: keep its text
// and the marks, nothing else.
function excerpt(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(node.textContent);
    }
  }
  return out;
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text) made.textContent = text;
  return made;
}

function result(data) {
  const item = element("li", "search-result");
  const meta = data.meta || {};
  if (meta.section) item.append(element("p", "search-kicker", meta.section));
  const heading = element("h2", "search-title");
  const link = element("a", "", meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  item.append(heading);
  const line = [meta.date, meta.byline].filter(Boolean).join(" · ");
  if (line) item.append(element("p", "search-meta", line));
  const text = element("p", "search-excerpt");
  text.append(excerpt(data.excerpt || ""));
  item.append(text);
  return item;
}

async function showMore(focus) {
  const batch = found.slice(shown, shown + PAGE);
  const items = (await Promise.all(batch.map((r) => r.data()))).map(result);
  list.append(...items);
  shown += batch.length;
  more.parentElement.hidden = shown >= found.length;
  if (focus && items.length) items[0].querySelector("a").focus();
}

function chosenFilters() {
  const filters = {};
  for (const select of selects) if (select.value) filters[select.dataset.filter] = select.value;
  return filters;
}

async function search() {
  const query = input.value.trim();
  const filters = chosenFilters();
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(filters)) params.set(name, value);
  if (sort.value) params.set("sort", sort.value);
  history.replaceState(null, "", params.size ? `?${params}` : location.pathname);
  const mine = ++asked;
  list.replaceChildren();
  more.parentElement.hidden = true;
  found = [];
  shown = 0;
  if (!query && !Object.keys(filters).length) {
    status.textContent = "";
    return;
  }
  status.textContent = root.dataset.searching;
  const results = await (sort.value === "date" ? newestFirst(query, filters) : pagefind.search(query || null, { filters }).then((r) => r.results));
  if (mine !== asked) return;
  found = results;
  if (!found.length) {
    status.textContent = words(root.dataset.none, { query: query || "…" });
    return;
  }
  await showMore(false);
  if (mine !== asked) return;
  // Said once the first results are there to read.
  const count = found.length.toLocaleString(document.documentElement.lang);
  status.textContent = query ? words(root.dataset.results, { query, count }) : words(root.dataset.filtered, { count });
}

// Merged shards' results come in order of score, and under a sort a score
// is a place in one shard's own order: so each shard is asked on its own,
// newest first, and its results, already in order, follow.
async function newestFirst(query, filters) {
  const results = [];
  for (const shard of shards) {
    if (!shard.year || (filters.year && filters.year !== shard.year)) continue;
    const options = { filters: { ...filters, [SHARD]: shard.name }, sort: { date: "desc" } };
    results.push(...(await pagefind.search(query || null, options)).results);
  }
  return results;
}

// The filters' values and counts come from the build (filters.json), not
// from Pagefind: it would fetch every shard's filter files to list them.
function fillFilters(available) {
  for (const select of selects) {
    const values = Object.entries(available[select.dataset.filter] || {}).filter(([, count]) => count > 0);
    if (!values.length) {
      select.closest(".search-filter").hidden = true; // a site without tags, say
      continue;
    }
    values.sort(([a], [b]) => (select.dataset.filter === "year" ? b.localeCompare(a) : a.localeCompare(b)));
    for (const [value, count] of values) {
      const option = element("option", "", `${value} (${count.toLocaleString(document.documentElement.lang)})`);
      option.value = value;
      select.append(option);
    }
    select.disabled = false;
  }
}

async function start() {
  let counts = {}; // this edition's filters: name → value → count of pages
  const options = (shard) => ({ excerptLength: 24, mergeFilter: { [SHARD]: shard.name } });
  try {
    const index = new URL(root.dataset.index, location.href);
    const [listed, counted] = await Promise.all(
      [index, new URL("filters.json", index)].map((url) => fetch(url).then((response) => response.json())),
    );
    shards = (listed[root.dataset.edition] || []).map((shard) => ({ ...shard, url: new URL(`${shard.name}/`, index).pathname }));
    counts = counted[root.dataset.edition] || {};
    if (!shards.length) {
      status.textContent = words(root.dataset.none, { query: "…" });
      filterBox.hidden = true; // nothing to narrow
      return;
    }
    pagefind = await import(`${shards[0].url}pagefind.js`);
    await pagefind.options(options(shards[0]));
    await Promise.all(shards.slice(1).map((shard) => pagefind.mergeIndex(shard.url, options(shard))));
  } catch {
    status.textContent = root.dataset.offline;
    filterBox.hidden = true; // nothing to narrow
    return;
  }
  fillFilters(counts);
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const select of selects) select.value = params.get(select.dataset.filter) || "";
  sort.value = params.get("sort") === "date" ? "date" : "";
  let waiting = null;
  input.addEventListener("input", () => {
    clearTimeout(waiting);
    waiting = setTimeout(search, 200);
  });
  for (const select of [...selects, sort]) select.addEventListener("change", search);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(waiting);
    search();
  });
  more.addEventListener("click", () => showMore(true));
  await search();
}

start();
