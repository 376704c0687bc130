// wrsearch web page: a thin client of the JSON API. The URL carries the whole state
// (?q=&dept=&year=&period=&report=, ?item=, or ?view=status&dept=&status=&report=), so a
// search, an item or a supervision view can be shared as a link.
"use strict";

const PAGE_SIZE = 20; // hits shown, and exported: the download is the list on the screen
const FILTERS = ["dept", "year", "period", "report", "issuer"];
const PERIOD_LABELS = { "1-3月": "一季度", "1-6月": "上半年", "1-9月": "前三季度", 全年: "全年" };
// "2021年 上半年 · 区" for a card: the period and, where it matters, whose report.
function when(item) {
  const period = item.period ? PERIOD_LABELS[item.period] || item.period : "全年";
  return `${item.year ? item.year + "年 " : ""}${period}${item.issuer ? " · " + item.issuer + "级报告" : ""}`;
}
const $ = (selector) => document.querySelector(selector);
// A colour per status, so lagging items stand out (style.css).
const STATUS_CLASS = { 滞后: "behind", 未启动: "not-started", 数据未出: "no-data", 正常推进: "on-track", 超进度: "ahead", 已完成: "done" };
function badge(status) {
  return el("span", { class: `badge status-${STATUS_CLASS[status] || "none"}` }, status);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "html") node.innerHTML = value; // only for server highlights: text escaped, <em> marks
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function getJSON(path) {
  const response = await fetch(path);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail;
    throw new Error(detail || `请求失败 (${response.status})`);
  }
  return body;
}

function state() {
  return new URLSearchParams(location.search);
}

function navigate(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  history.pushState(null, "", `/?${query}`);
  render();
}

function searchParams() {
  const params = { q: $("#q").value.trim() };
  for (const name of FILTERS) params[name] = $(`#${name}`).value;
  return params;
}

function setStatus(text, isError = false) {
  $("#status").textContent = text;
  $("#status").className = isError ? "error" : "";
}

function itemLink(item) {
  return `/?item=${encodeURIComponent(item.id)}`;
}

function label(item) {
  return item.no !== null ? `第${item.label || item.no}项` : `第${item.passage}段`;
}

function chips(departments) {
  return departments.map((name) =>
    el("button", { class: "chip", type: "button", title: `只看${name}`, onclick: () => navigate({ ...searchParams(), dept: name }) }, name)
  );
}

function hitCard(hit) {
  const task = hit.highlights && hit.highlights.task.length ? hit.highlights.task[0] : null;
  const snippets = hit.highlights ? hit.highlights.progress : [];
  const card = el(
    "li",
    { class: hit.confident === false ? "hit unsure" : "hit", "data-id": hit.id },
    el("div", { class: "meta" }, el("span", { class: "no" }, label(hit)), el("span", { class: "when" }, when(hit)), ` · ${hit.title} · ${hit.report} `,
      hit.status ? badge(hit.status) : ""),
    el("div", {}, ...chips(hit.departments)),
    task ? el("div", { class: "task", html: task }) : el("div", { class: "task" }, hit.task)
  );
  if (snippets.length) card.append(el("div", { class: "progress", html: snippets.join(" ") }));
  else if (hit.progress) card.append(el("div", { class: "progress" }, hit.progress.slice(0, 160) + (hit.progress.length > 160 ? "…" : "")));
  card.append(el("a", { class: "open", href: itemLink(hit) }, "查看全文、历次进展和相关事项 →"));
  if (hit.reason) card.append(el("div", { class: "meta" }, hit.reason));
  if (hit.confident === false) card.prepend(el("div", { class: "meta unsure-note" }, "相近，低置信：意思相近，但不明确含有检索词"));
  return card;
}

async function loadFacets() {
  const facets = await getJSON("/facets");
  const fill = (id, values) => {
    const select = $(`#${id}`);
    for (const [value, text] of values) select.append(el("option", { value }, text));
  };
  fill("dept", facets.departments.map((d) => [d.name, `${d.name}（${d.items}）`]));
  fill("year", facets.years.map((y) => [String(y), `${y}年`]));
  fill("period", facets.periods.map((p) => [p, PERIOD_LABELS[p] && PERIOD_LABELS[p] !== p ? `${p}（${PERIOD_LABELS[p]}）` : p]));
  fill("issuer", (facets.issuers || []).map((i) => [i, `${i}级报告`]));
  $("#issuer").closest("label").hidden = (facets.issuers || []).length < 2;
  fill("report", facets.reports.map((r) => [r.id, `${r.title}（${r.items}）`]));
  fill("status-report", facets.reports.filter((r) => r.kind !== "prose").map((r) => [r.id, `${r.title}（${r.items}）`]));
}

async function showAnswer(q) {
  const box = $("#answer");
  try {
    const answer = await getJSON(`/ask?q=${encodeURIComponent(q)}`);
    if (!answer.answer) {
      // Say why there is no answer when the question names what the closest items do not hold.
      if (!answer.not_in_report) return;
      box.replaceChildren(el("div", { class: "source" }, `报告中没有找到答案：最接近的事项没有提到“${answer.not_in_report}”。`));
      box.hidden = false;
      return;
    }
    const cited = answer.citations[0];
    box.replaceChildren(
      el("div", { class: "text" }, answer.answer),
      el("div", { class: "source" }, "出处：", el("a", { href: itemLink(cited) }, `${cited.report} ${label(cited)}`),
        ` · ${answer.department || cited.departments.join("、")} · 置信度 ${answer.confidence.toFixed(2)}`)
    );
    box.hidden = false;
  } catch (error) {
    // the answer is extra: the results still stand on their own
  }
}

async function runSearch(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  setStatus("检索中…");
  query.set("k", String(PAGE_SIZE));
  const result = await getJSON(`/search?${query}`);
  $("#results").replaceChildren(...result.hits.map(hitCard));
  if (!result.hits.length) {
    setStatus(`没有找到与“${params.q}”相关的事项。可以换个说法，或去掉筛选条件。`);
    return;
  }
  const confident = result.hits.filter((hit) => hit.confident).length;
  // The ranking has no floor: what is not close is shown, marked, never hidden.
  setStatus(confident ? "" : `没有找到与“${params.q}”明确相关的事项，以下是意思最相近的（低置信）。`);
  $("#count").textContent = `共 ${result.hits.length} 项${confident < result.hits.length ? `，其中 ${result.hits.length - confident} 项只是意思相近（低置信）` : ""}`;
  $("#export-csv").href = `/export.csv?${query}`;
  $("#export-xlsx").href = `/export.xlsx?${query}`;
  $("#toolbar").hidden = false;
  if (result.question) await showAnswer(params.q);
}

function section(title, ...content) {
  return [el("h3", {}, title), ...content];
}

async function showItem(id) {
  setStatus("加载中…");
  const enc = encodeURIComponent(id);
  const [item, timeline, similar, related] = await Promise.all([
    getJSON(`/items/${enc}`),
    getJSON(`/items/${enc}/timeline`),
    getJSON(`/items/${enc}/similar?k=5`),
    getJSON(`/items/${enc}/related?k=5`),
  ]);
  const view = $("#item-view");
  const list = (hits, empty) => (hits.length ? el("ol", { class: "small" }, ...hits.map(hitCard)) : el("p", { class: "meta" }, empty));
  view.replaceChildren(
    el("div", { class: "meta" }, el("span", { class: "when" }, when(item)), ` · ${item.title} · ${item.report}`),
    el("h2", {}, `${label(item)}　${item.task}`),
    el("div", {}, ...chips(item.departments)),
    item.status ? el("div", { class: "status-line" }, "进度：", badge(item.status), " ", item.status_reason || "") : "",
    ...section("完成情况", el("div", { class: "full" }, item.progress || "（无）")),
    ...section(
      "历次进展",
      ...timeline.timeline.map((entry) =>
        el("div", { class: "timeline-entry" }, el("strong", {}, `${when(entry)}：`),
          entry.id === item.id ? entry.progress || "（无）" : el("a", { href: itemLink(entry) }, entry.progress || "（无）"),
          entry.status ? el("div", { class: "meta entry-status" }, badge(entry.status), ` ${entry.status_reason || ""}`) : "",
          entry.status_change ? el("div", { class: "meta status-change" }, `进度变化：${entry.status_change}`) : "",
          entry.new_figures && entry.new_figures.length ? el("div", { class: "meta changes" }, `较上期新增数字：${entry.new_figures.join("、")}`) : "")
      )
    ),
    ...section("其他报告、其他年度的相似事项", list(similar.hits, "没有其他报告可比较。")),
    ...section("其他单位的相关事项", list(related.hits, "没有其他单位的相关事项。"))
  );
  view.hidden = false;
  setStatus("");
}

// -- 进度: where every task stands --------------------------------------------------------
function statusLink(params) {
  const query = new URLSearchParams({ view: "status" });
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  return `/?${query}`;
}

function statusCard(row, report) {
  const who = row.department ? [row.department] : row.departments;
  const card = el(
    "li",
    { class: "hit status-item", "data-id": row.id, "data-status": row.status },
    el("div", { class: "meta" }, el("span", { class: "no" }, label(row)), el("span", { class: "when" }, when(row)), ` · ${row.report}`),
    el("div", {}, ...who.map((name) => el("a", { class: "chip", href: statusLink({ report, dept: name }), title: `只看${name}的进度` }, name))),
    el("div", { class: "task" }, row.task),
    el("div", { class: "reason" }, badge(row.status), " ", row.status_reason)
  );
  card.append(el("a", { class: "open", href: itemLink(row) }, "查看全文和历次进展 →"));
  return card;
}

function countCell(count, params) {
  return el("td", { class: "count" }, count ? el("a", { href: statusLink(params), title: "查看这些事项" }, String(count)) : "");
}

async function showStatus(params) {
  setStatus("加载中…");
  const report = params.get("report") || "";
  const dept = params.get("dept") || "";
  const status = params.get("status") || "";
  $("#status-report").value = report;
  const scope = new URLSearchParams();
  if (report) scope.set("report", report);
  const overview = await getJSON(`/status?${scope}`);
  const head = el("tr", {}, el("th", {}, "责任单位"), ...overview.statuses.map((s) => el("th", {}, badge(s))), el("th", {}, "合计"));
  const body = overview.departments.map((d) =>
    el("tr", { "data-dept": d.name },
      el("th", { scope: "row" }, el("a", { href: statusLink({ report, dept: d.name }) }, d.name)),
      ...overview.statuses.map((s) => countCell(d.counts[s], { report, dept: d.name, status: s })),
      countCell(d.total, { report, dept: d.name }))
  );
  const total = Object.values(overview.totals).reduce((a, b) => a + b, 0);
  const foot = el("tr", { class: "totals" }, el("th", { scope: "row" }, "全部事项"),
    ...overview.statuses.map((s) => countCell(overview.totals[s], { report, status: s })),
    countCell(total, { report }));
  $("#status-table").replaceChildren(el("thead", {}, head), el("tbody", {}, ...body), el("tfoot", {}, foot));
  $("#status-rule").textContent =
    `${report ? "报告 " + report : "每项任务取最新一期"}。按时段应有进度（一季度25%、上半年50%、前三季度75%、全年100%）判定，` +
    `上下${overview.band}个百分点以内为正常推进；点击数字查看事项。`;

  let list = overview;
  const filtered = new URLSearchParams(scope);
  if (dept) filtered.set("dept", dept);
  if (status) filtered.set("status", status);
  if (dept || status) list = await getJSON(`/status?${filtered}`);
  $("#status-list-title").replaceChildren(
    `${dept || "全部单位"} · ${status || "全部进度"}：${list.items.length} 项（滞后在前）`,
    dept || status ? el("a", { class: "clear", href: statusLink({ report }) }, "清除筛选") : ""
  );
  $("#status-items").replaceChildren(...list.items.map((row) => statusCard(row, report)));
  $("#status-export-csv").href = `/status.csv?${filtered}`;
  $("#status-export-xlsx").href = `/status.xlsx?${filtered}`;
  $("#status-view").hidden = false;
  setStatus("");
}

async function render() {
  const params = state();
  const statusView = params.get("view") === "status";
  $("#q").value = params.get("q") || "";
  for (const name of FILTERS) $(`#${name}`).value = statusView ? "" : params.get(name) || "";
  for (const id of ["#answer", "#toolbar", "#item-view", "#status-view"]) $(id).hidden = true;
  $("#filters").hidden = statusView;
  $("#tab-search").classList.toggle("active", !statusView);
  $("#tab-status").classList.toggle("active", statusView);
  $("#results").replaceChildren();
  try {
    if (statusView) await showStatus(params);
    else if (params.get("item")) await showItem(params.get("item"));
    else if (params.get("q")) await runSearch(Object.fromEntries(["q", ...FILTERS].map((k) => [k, params.get(k) || ""])));
    else setStatus("输入问题或关键词开始检索。");
  } catch (error) {
    setStatus(`出错了：${error.message}`, true);
  }
}

$("#search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!$("#q").value.trim()) {
    setStatus("请输入要检索的内容。", true);
    return;
  }
  navigate(searchParams());
});
for (const name of FILTERS) {
  $(`#${name}`).addEventListener("change", () => {
    if ($("#q").value.trim()) navigate(searchParams());
  });
}
$("#status-report").addEventListener("change", () => navigate({ view: "status", report: $("#status-report").value }));
window.addEventListener("popstate", render);
loadFacets()
  .catch((error) => setStatus(`无法加载筛选项：${error.message}`, true))
  .finally(render);
