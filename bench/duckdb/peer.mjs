// peer.mjs: DuckDB as a peer of the hub's reports.
//
//   node peer.mjs --data DIR --hub URL --token TOKEN --market CODE
//                 --bench-reports PATH --hub-db DB [--period NAME:FROM:TO]...
//
// DIR holds the raw documents exported by bench-duckdb-export (registry,
// documents, lines, tenders: nothing the hub summed).  They are loaded once
// into DuckDB tables in memory (the load is timed and printed, not
// compared: it plays the hub's ingest).  Then for each period (against the
// period of as many days just before it, as `compare=previous`) and each
// JSON report (lines, stores, stalls), DuckDB computes the report's figures
// from the raw rows with SQL, every figure is checked against the hub's
// JSON report of the same market and period (integers in won exactly,
// ratios to the ten significant digits the JSON carries, undefined as
// null), and both are timed:
// - DuckDB: the report's queries only, warm (one run first, then five:
//   median, min, max), results read into JavaScript;
// - the hub over HTTP (`GET /v1/markets/M/reports/K`, node's fetch on a
//   kept-alive connection): the first request of the question, which the
//   hub builds, then five more, which its report cache answers while the
//   data stands (sync/hub/hub-report-cache.c);
// - the hub in process (`bench-reports period`: hub_report_build, one run
//   first, then five).
// It prints a table of the three and the ratio DuckDB / hub for each
// report and period, and exits 1 when any figure differs (the first
// differences are listed), 0 otherwise.
//
// The figures follow docs/ANALYTICS.md and the rollup rules of ingest
// (sync/hub/hub-rollup.c): revenue is the net of every document (voids and
// refunds are stored negative), a receipt is a sale less a void, a line's
// receipts count each document holding the line once (+1 a sale, -1 a
// void) and a refund takes one off when it refunds the last of the line's
// lines on its original, hours are Seoul's (UTC+9, no summer time), a
// tender's cash is net of the change given.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import path from 'node:path';

const { values: opt } = parseArgs({
  options: {
    data: { type: 'string' },
    hub: { type: 'string' },
    token: { type: 'string' },
    market: { type: 'string', default: 'M01' },
    'bench-reports': { type: 'string' },
    'hub-db': { type: 'string' },
    period: { type: 'string', multiple: true },
    runs: { type: 'string', default: '5' },
  },
});
for (const need of ['data', 'hub', 'token', 'bench-reports', 'hub-db'])
  if (!opt[need]) {
    console.error(`peer.mjs: --${need} is required`);
    process.exit(2);
  }
const RUNS = Number(opt.runs);

// ---- Periods -------------------------------------------------------------

const DAY_MS = 86400000;
const dayNum = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const dayIso = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);

// NAME:FROM:TO, and the previous period of as many days.
function period(spec) {
  const [name, from, to] = spec.split(':');
  const days = dayNum(to) - dayNum(from) + 1;
  if (!(days >= 1)) throw new Error(`bad period ${spec}`);
  return { name, from, to, days, pfrom: dayIso(dayNum(from) - days), pto: dayIso(dayNum(from) - 1) };
}
const periods = (opt.period ?? []).map(period);
if (periods.length === 0) {
  console.error('peer.mjs: give at least one --period NAME:FROM:TO');
  process.exit(2);
}

// ---- The raw rows into DuckDB --------------------------------------------

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const csv = (f) => path.join(opt.data, f).replaceAll("'", "''");
const load0 = performance.now();
await db.run(`
  CREATE TABLE markets AS FROM read_csv('${csv('markets.csv')}', header = true,
    columns = {'market_id': 'BIGINT', 'code': 'VARCHAR'});
  CREATE TABLE stalls AS FROM read_csv('${csv('stalls.csv')}', header = true,
    columns = {'stall_id': 'BIGINT', 'code': 'VARCHAR', 'market_id': 'BIGINT'});
  CREATE TABLE docs AS FROM read_csv('${csv('docs.csv')}', header = true,
    columns = {'doc': 'BIGINT', 'stall_id': 'BIGINT', 'kind': 'VARCHAR', 'original': 'BIGINT',
               'business_day': 'DATE', 'device_time_ms': 'BIGINT', 'total': 'BIGINT',
               'change': 'BIGINT'});
  CREATE TABLE lines AS FROM read_csv('${csv('lines.csv')}', header = true,
    columns = {'doc': 'BIGINT', 'line_no': 'INTEGER', 'line_code': 'VARCHAR',
               'qty_milli': 'BIGINT', 'net': 'BIGINT'});
  CREATE TABLE tenders AS FROM read_csv('${csv('tenders.csv')}', header = true,
    columns = {'doc': 'BIGINT', 'seq': 'INTEGER', 'method': 'VARCHAR', 'amount': 'BIGINT'});
  -- money quotients as the project rounds them: half away from zero, exact
  CREATE MACRO rdiv(a, c) AS CASE WHEN c::HUGEINT = 0 THEN NULL ELSE
    (sign(a::HUGEINT) * sign(c::HUGEINT)
     * ((abs(a::HUGEINT) * 2 + abs(c::HUGEINT)) // (2 * abs(c::HUGEINT))))::BIGINT END;
  -- +1 a sale, -1 its void, 0 a refund: receipts as the rollups count them
  CREATE MACRO sgn(kind) AS CASE kind WHEN 'sale' THEN 1 WHEN 'void' THEN -1 ELSE 0 END;
`);
const loadMs = performance.now() - load0;
const counts = (await db.runAndReadAll(
  'SELECT (SELECT count(*) FROM docs)::BIGINT, (SELECT count(*) FROM lines)::BIGINT'
)).getRowsJS()[0];
console.log(`DuckDB ${(await db.runAndReadAll('SELECT version()')).getRowsJS()[0][0]}: loaded ` +
  `${counts[0]} documents and ${counts[1]} lines from ${opt.data} in ${(loadMs / 1000).toFixed(1)} s`);

// ---- The reports' figures in SQL -----------------------------------------
// Parameters: $m market code, $f..$t the period, $pf..$pt the one before,
// $days its length, $min_share and $min_won the LQ floor of the config.

// Per line of the market and of the city: sums, stall count, HHI parts,
// receipts; then every measure of docs/ANALYTICS.md "Product lines".
const LINES_SQL = `
WITH
dl AS (SELECT d.doc, d.kind, d.stall_id, s.market_id, d.business_day >= $f AS cur,
              s.market_id = (SELECT market_id FROM markets WHERE code = $m) AS here
       FROM docs d JOIN stalls s USING (stall_id)
       WHERE d.business_day BETWEEN $pf AND $t),
-- a refund takes a receipt off a line when, counting every refund of its
-- original in order, it refunds the last of the original's lines of it
rf AS (SELECT r.doc, r.line_code
       FROM (SELECT d.doc, d.original, l.line_code, count(*) AS n,
                    sum(count(*)) OVER (PARTITION BY d.original, l.line_code ORDER BY d.doc) AS cum
             FROM docs d JOIN lines l USING (doc) WHERE d.kind = 'refund'
             GROUP BY d.doc, d.original, l.line_code) r
       JOIN (SELECT doc AS original, line_code, count(*) AS n_orig FROM lines
             WHERE doc IN (SELECT original FROM docs WHERE kind = 'refund')
             GROUP BY doc, line_code) o USING (original, line_code)
       WHERE r.cum >= o.n_orig AND r.cum - r.n < o.n_orig),
dline AS (SELECT dl.doc, dl.stall_id, dl.here, dl.cur, l.line_code, sgn(dl.kind) AS s,
                 sum(l.net) AS rev, sum(l.qty_milli) AS qty
          FROM dl JOIN lines l USING (doc)
          GROUP BY dl.doc, dl.stall_id, dl.here, dl.cur, l.line_code, dl.kind),
sl AS (SELECT d.stall_id, d.here, d.cur, d.line_code, sum(d.rev) AS rev, sum(d.qty) AS qty,
              sum(d.s) - count(rf.doc) AS receipts
       FROM dline d LEFT JOIN rf USING (doc, line_code)
       GROUP BY d.stall_id, d.here, d.cur, d.line_code),
ml AS (SELECT line_code,
         sum(rev) FILTER (here AND cur) AS rev, sum(rev) FILTER (here AND NOT cur) AS prev,
         sum(qty) FILTER (here AND cur) AS qty, sum(receipts) FILTER (here AND cur) AS receipts,
         count(*) FILTER (here AND cur AND rev > 0) AS stalls,
         sum(rev) FILTER (here AND cur AND rev > 0) AS pos_rev,
         sum(rev::DOUBLE * rev) FILTER (here AND cur AND rev > 0) AS sq_rev,
         coalesce(sum(rev) FILTER (cur), 0) AS city_rev,
         coalesce(sum(rev) FILTER (NOT cur), 0) AS city_prev,
         coalesce(sum(qty) FILTER (cur), 0) AS city_qty,
         bool_or(here) AS sold_here
       FROM sl GROUP BY line_code),
tot AS (SELECT coalesce(sum(rev) FILTER (sold_here), 0) AS r,
               coalesce(sum(prev) FILTER (sold_here), 0) AS rp,
               sum(city_rev) AS cr, sum(city_prev) AS crp FROM ml),
mr AS (SELECT sum(sgn(kind)) FILTER (here AND cur) AS receipts FROM dl),
m AS (SELECT ml.*, coalesce(ml.rev, 0) AS r0, coalesce(ml.prev, 0) AS p0, tot.*,
             mr.receipts AS m_receipts,
             CASE WHEN tot.r <> 0 THEN coalesce(ml.rev, 0)::DOUBLE / tot.r END AS share,
             CASE WHEN tot.cr <> 0 THEN ml.city_rev::DOUBLE / tot.cr END AS city_share
      FROM ml, tot, mr WHERE ml.sold_here)
SELECT line_code AS line, r0 AS revenue, p0 AS prev_revenue, coalesce(qty, 0) AS qty_milli,
       coalesce(receipts, 0) AS receipts, stalls, share,
       CASE WHEN p0 > 0 THEN r0::DOUBLE / p0 - 1 END AS growth,
       city_share,
       CASE WHEN city_prev > 0 THEN city_rev::DOUBLE / city_prev - 1 END AS city_growth,
       CASE WHEN share >= $min_share AND r0 >= $min_won AND city_share > 0
            THEN share / city_share END AS lq,
       CASE WHEN pos_rev > 0 THEN 10000 * sq_rev / (pos_rev::DOUBLE * pos_rev) END AS hhi,
       CASE WHEN m_receipts > 0 THEN coalesce(receipts, 0)::DOUBLE / m_receipts END AS penetration,
       CASE WHEN r0 > 0 AND qty > 0 AND city_rev - r0 > 0 AND city_qty - qty > 0
            THEN (r0::DOUBLE / qty) / ((city_rev - r0)::DOUBLE / (city_qty - qty)) END
         AS price_index,
       CASE WHEN p0 > 0 AND city_prev > 0 AND crp > 0 THEN rdiv(p0::HUGEINT * (cr - crp), crp) END
         AS national,
       CASE WHEN p0 > 0 AND city_prev > 0 AND crp > 0
            THEN rdiv(p0::HUGEINT * (city_rev - city_prev), city_prev)
                 - rdiv(p0::HUGEINT * (cr - crp), crp) END AS industry_mix,
       CASE WHEN p0 > 0 AND city_prev > 0 AND crp > 0
            THEN (r0 - p0) - rdiv(p0::HUGEINT * (city_rev - city_prev), city_prev) END
         AS competitive,
       r AS t_revenue, rp AS t_prev_revenue, m_receipts AS t_receipts, cr AS t_city_revenue,
       crp AS t_city_prev_revenue
FROM m ORDER BY line_code`;

// Per stall of the market: receipt totals by day (revenue, receipts, days
// open, the variation of an open day's takings) and the main line.
const STORES_SQL = `
WITH
st AS (SELECT s.stall_id, s.code FROM stalls s JOIN markets m USING (market_id) WHERE m.code = $m),
dd AS (SELECT d.stall_id, d.business_day >= $f AS cur, sum(d.total) AS rev, sum(sgn(d.kind)) AS rc
       FROM docs d SEMI JOIN st USING (stall_id)
       WHERE d.business_day BETWEEN $pf AND $t GROUP BY d.stall_id, d.business_day),
sd AS (SELECT stall_id, sum(rev) FILTER (cur) AS revenue, sum(rev) FILTER (NOT cur) AS prev,
              sum(rc) FILTER (cur) AS receipts, count(*) FILTER (cur AND rc > 0) AS active_days,
              stddev_pop(rev) FILTER (cur AND rc > 0) / avg(rev) FILTER (cur AND rc > 0) AS cv
       FROM dd GROUP BY stall_id),
lr AS (SELECT d.stall_id, l.line_code, sum(l.net) AS rev
       FROM docs d SEMI JOIN st USING (stall_id) JOIN lines l USING (doc)
       WHERE d.business_day BETWEEN $f AND $t GROUP BY d.stall_id, l.line_code),
main AS (SELECT stall_id, arg_max(line_code, rev) AS main_line, max(rev) AS main_rev
         FROM lr GROUP BY stall_id),
lead AS (SELECT line_code, max(rev) AS lead_rev FROM lr GROUP BY line_code)
SELECT st.code AS stall, coalesce(sd.revenue, 0) AS revenue, coalesce(sd.prev, 0) AS prev_revenue,
       coalesce(sd.receipts, 0) AS receipts,
       CASE WHEN sd.receipts > 0 THEN rdiv(sd.revenue, sd.receipts) END AS avg_ticket,
       coalesce(sd.active_days, 0) AS active_days,
       CASE WHEN sd.active_days >= 2 THEN sd.cv END AS stability,
       CASE WHEN sd.prev > 0 THEN sd.revenue::DOUBLE / sd.prev - 1 END AS growth,
       main.main_line,
       CASE WHEN lead.lead_rev > 0 THEN main.main_rev::DOUBLE / lead.lead_rev END AS relative_share
FROM st LEFT JOIN sd USING (stall_id) LEFT JOIN main USING (stall_id)
        LEFT JOIN lead ON lead.line_code = main.main_line
ORDER BY st.code`;

// The stalls report: per stall and for the market (grouping sets), the
// days of the period, the weekday x hour cells, the payment mix.
const STALLS_DAYS_SQL = `
WITH st AS (SELECT s.stall_id, s.code FROM stalls s JOIN markets m USING (market_id) WHERE m.code = $m)
SELECT st.code AS stall, strftime(d.business_day, '%Y-%m-%d') AS day, d.business_day >= $f AS cur,
       sum(d.total) AS rev, sum(sgn(d.kind)) AS rc
FROM docs d JOIN st USING (stall_id)
WHERE d.business_day BETWEEN $pf AND $t
GROUP BY GROUPING SETS ((st.code, d.business_day), (d.business_day))`;
const STALLS_HEAT_SQL = `
WITH st AS (SELECT s.stall_id, s.code FROM stalls s JOIN markets m USING (market_id) WHERE m.code = $m)
SELECT st.code AS stall, isodow(d.business_day) - 1 AS wd,
       ((d.device_time_ms // 1000 + 32400) // 3600) % 24 AS hour,
       sum(d.total) AS rev, sum(sgn(d.kind)) AS rc
FROM docs d JOIN st USING (stall_id)
WHERE d.business_day BETWEEN $f AND $t
GROUP BY GROUPING SETS ((st.code, wd, hour), (wd, hour))`;
const STALLS_PAY_SQL = `
WITH st AS (SELECT s.stall_id, s.code FROM stalls s JOIN markets m USING (market_id) WHERE m.code = $m),
d AS (SELECT d.doc, st.code, d.change FROM docs d JOIN st USING (stall_id)
      WHERE d.business_day BETWEEN $f AND $t),
t AS (SELECT d.code, t.method, sum(t.amount) AS amount FROM d JOIN tenders t USING (doc)
      GROUP BY d.code, t.method
      UNION ALL
      SELECT code, 'cash', -sum(change) FROM d WHERE change <> 0 GROUP BY code)
SELECT code AS stall, method, sum(amount) AS amount FROM t GROUP BY GROUPING SETS ((code, method), (method))`;

const REPORTS = {
  lines: [LINES_SQL],
  stores: [STORES_SQL],
  stalls: [STALLS_DAYS_SQL, STALLS_HEAT_SQL, STALLS_PAY_SQL],
};

// ---- Running and timing ---------------------------------------------------

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => ({ med: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

// Each statement is prepared once and bound anew for each run, as the hub
// keeps its prepared reads.
const prepared = new Map();
async function runReport(kind, params) {
  const results = [];
  for (const sql of REPORTS[kind]) {
    if (!prepared.has(sql)) prepared.set(sql, await db.prepare(sql));
    const st = prepared.get(sql);
    st.bind(Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`$${k}`))));
    results.push((await st.runAndReadAll()).getRowObjectsJS());
  }
  return results;
}

async function timeDuck(kind, params) {
  let out = await runReport(kind, params);    // warm
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    out = await runReport(kind, params);
    ms.push(performance.now() - t0);
  }
  return { ...spread(ms), out };
}

async function fetchReport(kind, p) {
  const url = `${opt.hub}/v1/markets/${opt.market}/reports/${kind}?from=${p.from}&to=${p.to}` +
    '&compare=previous&format=json';
  const res = await fetch(url, { headers: { Authorization: `Bearer ${opt.token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

async function timeHttp(kind, p) {
  const t0 = performance.now();
  const first = await fetchReport(kind, p);
  const firstMs = performance.now() - t0;
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fetchReport(kind, p);
    ms.push(performance.now() - t0);
  }
  return { ...spread(ms), first: firstMs, json: JSON.parse(first) };
}

// hub_report_build in process: `bench-reports period` prints one line a report.
function timeInProcess(p) {
  const out = execFileSync(opt['bench-reports'],
    ['period', opt['hub-db'], opt.market, p.from, p.to, String(RUNS)], { encoding: 'utf8' });
  const t = {};
  for (const m of out.matchAll(/^\s*(\w+)\s+json\s+median\s+([\d.]+) ms\s+\(min ([\d.]+), max ([\d.]+)\)/gm))
    t[m[1]] = { med: Number(m[2]), min: Number(m[3]), max: Number(m[4]) };
  return t;
}

// ---- Checking figures ------------------------------------------------------

const diffs = [];
let checked = 0;

// Integers exactly; ratios to the JSON's ten significant digits; null as null.
function check(where, field, ours, duck, ratio) {
  checked++;
  const d = duck === undefined || duck === null ? null : typeof duck === 'bigint' ? Number(duck) : duck;
  const o = ours === undefined ? null : ours;
  let same;
  if (o === null || d === null) same = o === d;
  else if (typeof o === 'string' || typeof d === 'string') same = o === d;
  else if (ratio) same = Math.abs(o - d) <= 1e-9 * Math.max(1e-300, Math.abs(d)) || o === d;
  else same = Number.isInteger(o) && o === d;
  if (!same) diffs.push(`${where} ${field}: hub ${JSON.stringify(o)}, DuckDB ${JSON.stringify(d)}`);
}

const LINE_INTS = ['revenue', 'prev_revenue', 'qty_milli', 'receipts', 'stalls'];
const LINE_RATIOS = ['share', 'growth', 'city_share', 'city_growth', 'lq', 'hhi', 'penetration', 'price_index'];

function checkLines(tag, json, [rows]) {
  const byLine = new Map(json.rows.map((r) => [r.line, r]));
  check(tag, 'rows', json.rows.length, rows.length);
  for (const d of rows) {
    const r = byLine.get(d.line);
    if (!r) { diffs.push(`${tag} line ${d.line}: not in the hub's report`); continue; }
    for (const f of LINE_INTS) check(`${tag} ${d.line}`, f, r[f], d[f]);
    for (const f of LINE_RATIOS) check(`${tag} ${d.line}`, f, r[f], d[f], true);
    for (const f of ['national', 'industry_mix', 'competitive'])
      check(`${tag} ${d.line}`, `shift_share.${f}`, r.shift_share ? r.shift_share[f] : null, d[f]);
  }
  const d0 = rows[0] ?? {};
  check(tag, 'totals.revenue', json.totals.revenue, d0.t_revenue);
  check(tag, 'totals.prev_revenue', json.totals.prev_revenue, d0.t_prev_revenue);
  check(tag, 'totals.receipts', json.totals.receipts, d0.t_receipts);
  check(tag, 'totals.city_revenue', json.totals.city_revenue, d0.t_city_revenue);
  check(tag, 'totals.city_prev_revenue', json.totals.city_prev_revenue, d0.t_city_prev_revenue);
}

function checkStores(tag, json, [rows]) {
  const byStall = new Map(json.rows.map((r) => [r.stall, r]));
  check(tag, 'rows', json.rows.length, rows.length);
  for (const d of rows) {
    const r = byStall.get(d.stall);
    if (!r) { diffs.push(`${tag} stall ${d.stall}: not in the hub's report`); continue; }
    for (const f of ['revenue', 'prev_revenue', 'receipts', 'avg_ticket', 'active_days', 'main_line'])
      check(`${tag} ${d.stall}`, f, r[f], d[f]);
    for (const f of ['stability', 'growth', 'relative_share'])
      check(`${tag} ${d.stall}`, f, r[f], d[f], true);
  }
}

function checkStalls(tag, json, p, [days, cells, pay]) {
  // sums and the daily series of each stall (stall null: the market)
  const sums = new Map();
  const at = (k) => sums.get(k) ?? sums.set(k, { revenue: 0, prev: 0, receipts: 0, active: 0, daily: new Map() }).get(k);
  for (const d of days) {
    const s = at(d.stall);
    if (d.cur) {
      s.revenue += Number(d.rev);
      s.receipts += Number(d.rc);
      s.active += Number(d.rc) > 0 ? 1 : 0;
      s.daily.set(d.day, [Number(d.rev), Number(d.rc)]);
    } else {
      s.prev += Number(d.rev);
    }
  }
  for (const r of json.rows) {
    const s = sums.get(r.stall) ?? at(r.stall);
    const t = `${tag} ${r.stall}`;
    check(t, 'revenue', r.revenue, s.revenue);
    check(t, 'prev_revenue', r.prev_revenue, s.prev);
    check(t, 'receipts', r.receipts, s.receipts);
    check(t, 'active_days', r.active_days, s.active);
    check(t, 'avg_ticket', r.avg_ticket, s.receipts > 0 ? Number(roundDiv(s.revenue, s.receipts)) : null);
    checkDaily(t, r.daily, s.daily, p);
  }
  check(tag, 'rows', json.rows.length, [...sums.keys()].filter((k) => k !== null).length);
  const m = sums.get(null) ?? at(null);
  check(tag, 'totals.revenue', json.totals.revenue, m.revenue);
  check(tag, 'totals.receipts', json.totals.receipts, m.receipts);
  checkDaily(`${tag} market`, json.totals.daily, m.daily, p);
  // weekday x hour cells
  const heat = new Map();
  for (const c of cells) heat.set(`${c.stall}|${c.wd}|${c.hour}`, [Number(c.rev), Number(c.rc)]);
  for (const [who, h] of [[null, json.totals.heatmap], ...json.rows.map((r) => [r.stall, r.heatmap])])
    for (let wd = 0; wd < 7; wd++)
      for (let hr = 0; hr < 24; hr++) {
        const v = heat.get(`${who}|${wd}|${hr}`) ?? [0, 0];
        check(`${tag} ${who ?? 'market'} heatmap ${wd}/${hr}`, 'revenue', h.revenue[wd][hr], v[0]);
        check(`${tag} ${who ?? 'market'} heatmap ${wd}/${hr}`, 'receipts', h.receipts[wd][hr], v[1]);
      }
  // payment mix and the Onnuri share
  const mix = new Map();
  for (const x of pay) {
    if (Number(x.amount) === 0) continue;
    (mix.get(x.stall) ?? mix.set(x.stall, new Map()).get(x.stall)).set(x.method, Number(x.amount));
  }
  let mTotal = 0, mOnnuri = 0;
  for (const r of json.rows) {
    const want = mix.get(r.stall) ?? new Map();
    const t = `${tag} ${r.stall}`;
    check(t, 'payment.length', r.payment.length, want.size);
    let total = 0, onnuri = 0;
    for (const [method, amount] of want) {
      total += amount;
      if (method.startsWith('onnuri')) onnuri += amount;
      check(t, `payment.${method}`, (r.payment.find((x) => x.method === method) ?? {}).amount ?? null, amount);
    }
    mTotal += total;
    mOnnuri += onnuri;
    check(t, 'onnuri_share', r.onnuri_share, total > 0 ? onnuri / total : null, true);
  }
  check(tag, 'totals.onnuri_share', json.totals.onnuri_share, mTotal > 0 ? mOnnuri / mTotal : null, true);
}

function checkDaily(tag, daily, got, p) {
  check(tag, 'daily.from', daily.from, p.from);
  for (let i = 0; i < p.days; i++) {
    const day = dayIso(dayNum(p.from) + i);
    const v = got.get(day) ?? [0, 0];
    check(`${tag} ${day}`, 'daily.revenue', daily.revenue[i], v[0]);
    check(`${tag} ${day}`, 'daily.receipts', daily.receipts[i], v[1]);
  }
}

// Half away from zero, as rdiv in SQL (BigInt: exact).
function roundDiv(a, b) {
  const x = BigInt(a), y = BigInt(b);
  const q = (2n * (x < 0n ? -x : x) + (y < 0n ? -y : y)) / (2n * (y < 0n ? -y : y));
  return (x < 0n) !== (y < 0n) ? -q : q;
}

// ---- The run ----------------------------------------------------------------

// node's first fetch starts its HTTP client (about 55 ms on the bench machine,
// against 0.3 ms for the hub to answer /healthz): paid here, untimed, so that
// the first report's "HTTP first" is the hub's time, not node's.
{
  const res = await fetch(`${opt.hub}/healthz`);
  await res.text();
}

const table = [];
for (const p of periods) {
  const inproc = timeInProcess(p);
  for (const kind of ['lines', 'stores', 'stalls']) {
    const http = await timeHttp(kind, p);
    const cfg = http.json.config;
    const params = {
      m: opt.market, f: p.from, t: p.to, pf: p.pfrom, pt: p.pto,
      min_share: cfg.lines.lq_min_share, min_won: cfg.lines.lq_min_revenue_per_day * p.days,
    };
    const duck = await timeDuck(kind, params);
    const tag = `${p.name} ${kind}`;
    const before = checked;
    if (kind === 'lines') checkLines(tag, http.json, duck.out);
    else if (kind === 'stores') checkStores(tag, http.json, duck.out);
    else checkStalls(tag, http.json, p, duck.out);
    table.push({ p, kind, duck, http, inproc: inproc[kind], figures: checked - before });
  }
}

const f1 = (x) => (x === undefined ? '-' : x.toFixed(1));
const rng = (t) => (t ? `${f1(t.med)} (${f1(t.min)}-${f1(t.max)})` : '-');
const ratio = (a, b) => (b ? `${(a / b).toFixed(1)}x` : '-');
console.log(`\nmarket ${opt.market}, ms: median (min-max) of ${RUNS} warm runs; ratio = DuckDB / hub;` +
  ' HTTP first: the request that builds the report, HTTP again: answered by the report cache');
console.log('period                          report  figures  DuckDB                  hub in process       HTTP first  HTTP again          ratio in process  ratio HTTP first');
for (const r of table) {
  const per = `${r.p.name} ${r.p.from}..${r.p.to}`;
  console.log(`${per.padEnd(31)} ${r.kind.padEnd(7)} ${String(r.figures).padStart(7)}  ` +
    `${rng(r.duck).padEnd(23)} ${rng(r.inproc).padEnd(20)} ${f1(r.http.first).padStart(10)}  ` +
    `${rng(r.http).padEnd(18)} ${ratio(r.duck.med, r.inproc?.med).padStart(16)} ` +
    `${ratio(r.duck.med, r.http.first).padStart(17)}`);
}
console.log(`\n${checked} figures compared, ${diffs.length} differ`);
for (const d of diffs.slice(0, 40)) console.log(`  differs: ${d}`);
process.exit(diffs.length ? 1 : 0);
