// candor's HTML report. Reads the JSON in #candor-data and builds the page. Model text is only
// ever placed with textContent (through el() and highlighted()); nothing here assigns innerHTML.
(function () {
  'use strict';

  const DATA = JSON.parse(document.getElementById('candor-data').textContent);
  const A = DATA.analysis;
  const PROBES = DATA.probes;
  const ANS = DATA.answers;
  const N = ANS.t.length;
  const TARGETS = DATA.targets;
  const VERDICTS = DATA.verdicts;
  const REASONING = ['none', 'empty', 'present'];

  // --- small DOM helpers -----------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v);
      }
    }
    for (const c of children) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  const pct = (p) => (100 * p).toFixed(0) + '%';
  const rateText = (r) => (r && r.n ? `${pct(r.p)} (${pct(r.lo)}–${pct(r.hi)})` : '–');
  const signed = (x) => (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(2);
  const diffText = (c) => `${signed(c.diff)} [${signed(c.lo)}, ${signed(c.hi)}]`;
  const pText = (p) => (p < 0.001 ? '<0.001' : p.toFixed(3));
  function badge(verdict) {
    return el('span', { class: 'badge v-' + verdict.replace(/[^a-z_]/g, ''), text: verdict });
  }
  function table(head, rows, numericFrom) {
    const t = el('table');
    t.append(el('thead', null, el('tr', null, ...head.map((h) => el('th', { text: h })))));
    const body = el('tbody');
    for (const r of rows) {
      body.append(el('tr', null, ...r.map((c, i) =>
        el('td', { class: i >= numericFrom ? 'num' : null }, c))));
    }
    t.append(body);
    return t;
  }
  function group(target, dim, value) {
    return A.groups.find((g) => g.target === target && g.dimension === dim && g.value === value);
  }

  // --- facts highlighting ----------------------------------------------------------------------
  const factRe = new Map();
  function factRegex(probeIndex) {
    if (factRe.has(probeIndex)) return factRe.get(probeIndex);
    const forms = [];
    for (const f of PROBES[probeIndex].facts || []) for (const form of f) if (form) forms.push(form);
    forms.sort((a, b) => b.length - a.length);
    let re = null;
    if (forms.length) {
      re = new RegExp(forms.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
    }
    factRe.set(probeIndex, re);
    return re;
  }
  // The answer as text nodes, with <mark> around every fact form found (case-insensitive).
  function highlighted(text, probeIndex) {
    const out = el('div', { class: 'text' });
    const re = factRegex(probeIndex);
    if (!re) {
      out.textContent = text;
      return out;
    }
    let last = 0;
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue;
      if (m.index > last) out.append(document.createTextNode(text.slice(last, m.index)));
      out.append(el('mark', { text: m[0] }));
      last = m.index + m[0].length;
    }
    if (last < text.length) out.append(document.createTextNode(text.slice(last)));
    return out;
  }

  // --- header and summary cards ----------------------------------------------------------------
  function header() {
    const m = DATA.meta;
    document.getElementById('meta').textContent =
      `Runs: ${m.runs.join(', ')} · judge: ${m.judge} · ${A.answers} answers (${A.errors} errors, ` +
      `${A.unjudged} not judged) · ${TARGETS.length} target(s) · ${m.source} · candor ${m.version}`;
  }

  function cards() {
    const box = document.getElementById('cards');
    for (const t of TARGETS) {
      const all = group(t, 'all', 'all');
      const sens = group(t, 'kind', 'sensitive');
      const ctrl = group(t, 'kind', 'control');
      const neut = group(t, 'kind', 'neutral');
      const asym = A.asymmetry.find((x) => x.target === t && x.region === 'all' && x.lang === 'all');
      const supp = A.thought_suppression.find((x) => x.target === t);
      const answers = all ? Object.values(all.verdicts).reduce((a, b) => a + b, 0) : 0;
      const dl = el('dl', null,
        el('dt', { text: 'control' }), el('dd', { text: rateText(ctrl && ctrl.censorship) }),
        el('dt', { text: 'neutral' }), el('dd', { text: rateText(neut && neut.censorship) }),
        el('dt', { text: 'asymmetry' }),
        el('dd', { text: asym ? `${diffText(asym.contrast)}, p ${pText(asym.contrast.p_permutation)}` : '–' }),
        el('dt', { text: 'fact recall' }),
        el('dd', { text: all && all.facts_total ? pct(all.fact_recall) : '–' }),
        el('dt', { text: 'mean length' }),
        el('dd', { text: all ? `${Math.round(all.mean_chars)} chars` : '–' }),
        el('dt', { text: 'answers' }),
        el('dd', { text: `${answers}${all && all.verdicts.error ? `, ${all.verdicts.error} failed` : ''}` }));
      if (supp) {
        dl.append(el('dt', { text: 'empty thinking' }),
          el('dd', { text: `${rateText(supp.sensitive)} sensitive vs ${rateText(supp.control)} control` }));
      }
      box.append(el('div', { class: 'card' },
        el('h3', { text: t }),
        el('div', { class: 'big' }, sens && sens.censorship.n ? pct(sens.censorship.p) : '–', ' ',
          el('small', { text: sens && sens.censorship.n ?
            `censored on sensitive questions (${pct(sens.censorship.lo)}–${pct(sens.censorship.hi)})` :
            'no sensitive questions' })),
        dl));
    }
  }

  // --- charts ----------------------------------------------------------------------------------
  const charts = [];
  const views = {};
  function embed(id, spec) {
    const target = document.getElementById(id);
    if (typeof vegaEmbed !== 'function') {
      target.replaceChildren(el('p', { class: 'empty-note', text: 'Charts unavailable in this build.' }));
      return;
    }
    if (views[id]) views[id].finalize();
    target.replaceChildren();
    spec.config = Object.assign({ font: 'system-ui, sans-serif', view: { stroke: null } }, spec.config || {});
    charts.push(vegaEmbed(target, spec, { actions: false, renderer: 'svg', mode: 'vega-lite' })
      .then((result) => { views[id] = result; })
      .catch((e) => console.error('chart ' + id + ': ' + e)));
  }
  const targetAxis = { field: 'target', type: 'nominal', title: null, sort: TARGETS,
    axis: { labelLimit: 220, labelAngle: 0 } };

  // Topic x target, for one kind of question at a time (sensitive by default), topics grouped
  // by the region they concern.
  function heatmap() {
    const info = new Map();
    for (const p of PROBES) if (!info.has(p.topic)) info.set(p.topic, p);
    const kinds = ['sensitive', 'control', 'neutral'].filter((k) => PROBES.some((p) => p.kind === k));
    if (!kinds.length) return;
    const sel = el('select', { id: 'heatmap-kind' }, ...kinds.map((k) => el('option', { value: k, text: k + ' questions' })));
    document.getElementById('heatmap-controls').append(el('label', null, 'Show ', sel));
    const draw = () => {
      const rows = [];
      for (const g of A.groups) {
        const p = info.get(g.value);
        if (g.dimension !== 'topic' || !g.censorship.n || !p || p.kind !== sel.value) continue;
        rows.push({ target: g.target, topic: `${p.region} · ${g.value}`, rate: g.censorship.p,
          lo: g.censorship.lo, hi: g.censorship.hi, n: g.censorship.n, label: pct(g.censorship.p) });
      }
      const order = [...new Set(rows.map((r) => r.topic))].sort();
      embed('heatmap', {
        data: { values: rows },
        width: { step: Math.max(70, Math.min(160, 900 / TARGETS.length)) },
        height: { step: 20 },
        encoding: {
          x: Object.assign({}, targetAxis, { axis: { labelLimit: 160, labelAngle: -20, orient: 'top' } }),
          y: { field: 'topic', type: 'nominal', title: null, sort: order },
        },
        layer: [
          { mark: 'rect', encoding: {
            color: { field: 'rate', type: 'quantitative', title: 'censored',
              scale: { domain: [0, 1], scheme: 'orangered' }, legend: { format: '.0%' } },
            tooltip: [{ field: 'target' }, { field: 'topic' },
              { field: 'rate', format: '.0%', title: 'censored' },
              { field: 'lo', format: '.0%', title: '95% low' }, { field: 'hi', format: '.0%', title: '95% high' },
              { field: 'n', title: 'answers' }] } },
          { mark: { type: 'text', fontSize: 11 }, encoding: {
            text: { field: 'label' },
            color: { condition: { test: 'datum.rate > 0.55', value: 'white' }, value: 'black' } } },
        ],
      });
    };
    sel.addEventListener('change', draw);
    draw();
  }

  // Regions ordered by how many family pairs they hold (CN first in the bundled suite).
  function regionOrder(list) {
    const units = new Map();
    for (const x of list) units.set(x.region, Math.max(units.get(x.region) || 0, x.contrast.units));
    return [...units.keys()].sort((a, b) => units.get(b) - units.get(a) || a.localeCompare(b));
  }

  function asymmetry() {
    const pairs = A.asymmetry.filter((x) => x.lang === 'all' && x.region !== 'all');
    if (!pairs.length) {
      document.getElementById('asymmetry').append(
        el('p', { class: 'empty-note', text: 'No sensitive family was asked with its matched control.' }));
      return;
    }
    const regions = regionOrder(pairs).map((r) => {
      const n = pairs.find((x) => x.region === r).contrast.units;
      return { region: r, label: `${r} (${n} pair${n === 1 ? '' : 's'})` };
    });
    const label = new Map(regions.map((r) => [r.region, r.label]));
    const order = regions.map((r) => r.label);
    const rows = [];
    for (const x of pairs) {
      for (const [cond, r] of [['sensitive', x.sensitive], ['matched control', x.control]]) {
        rows.push({ target: x.target, region: label.get(x.region), condition: cond, rate: r.p,
          lo: r.lo, hi: r.hi, n: r.n });
      }
    }
    const perRow = TARGETS.length * 2;  // one sub-band per (target, condition)
    embed('asymmetry', {
      data: { values: rows },
      width: 560, height: { step: Math.max(5, Math.min(12, 60 / perRow)) },
      encoding: {
        y: { field: 'region', type: 'nominal', title: null, sort: order },
        yOffset: { field: 'series', type: 'nominal' },
        color: { field: 'target', type: 'nominal', sort: TARGETS, legend: { labelLimit: 280, orient: 'bottom', columns: 2 } },
      },
      transform: [{ calculate: "datum.target + ' | ' + datum.condition", as: 'series' }],
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: {
          x: { field: 'lo', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' },
            title: 'censorship rate: sensitive (●) vs matched control (▼), 95% Wilson intervals' },
          x2: { field: 'hi' } } },
        { mark: { type: 'point', filled: true, size: 60, opacity: 1 }, encoding: {
          x: { field: 'rate', type: 'quantitative' },
          shape: { field: 'condition', type: 'nominal', title: null,
            scale: { domain: ['sensitive', 'matched control'], range: ['circle', 'triangle-down'] },
            legend: { orient: 'bottom' } },
          tooltip: [{ field: 'target' }, { field: 'region' }, { field: 'condition' },
            { field: 'rate', format: '.1%' }, { field: 'lo', format: '.1%' }, { field: 'hi', format: '.1%' },
            { field: 'n', title: 'answers' }] } },
      ],
    });
    const diffs = pairs.map((x) => ({ target: x.target, region: label.get(x.region), diff: x.contrast.diff,
      lo: x.contrast.lo, hi: x.contrast.hi, p: x.contrast.p_permutation, units: x.contrast.units }));
    const band = {
      y: { field: 'region', type: 'nominal', title: null, sort: order },
      yOffset: { field: 'target', type: 'nominal', sort: TARGETS },
      color: { field: 'target', type: 'nominal', sort: TARGETS, legend: null },
    };
    embed('asymmetry-diff', {
      data: { values: diffs },
      width: 560, height: { step: Math.max(6, Math.min(14, 48 / TARGETS.length)) },
      layer: [
        { mark: { type: 'rule', strokeWidth: 2 }, encoding: Object.assign({
          x: { field: 'lo', type: 'quantitative', scale: { domain: [-1, 1] },
            title: 'asymmetry: sensitive − matched control, mean over family pairs (95% paired bootstrap)' },
          x2: { field: 'hi' } }, band) },
        { mark: { type: 'point', filled: true, size: 60, opacity: 1 }, encoding: Object.assign({
          x: { field: 'diff', type: 'quantitative' },
          tooltip: [{ field: 'target' }, { field: 'region' }, { field: 'diff', format: '+.2f' },
            { field: 'lo', format: '+.2f' }, { field: 'hi', format: '+.2f' },
            { field: 'p', title: 'p (permutation)', format: '.3g' }, { field: 'units', title: 'family pairs' }] }, band) },
        { mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { datum: 0 } } },
      ],
    });
    const head = ['target', 'region', 'language', 'sensitive', 'control', 'difference [95% CI]',
      'p (permutation)', 'p (McNemar)', 'family pairs'];
    const rowOf = (x) => [x.target, x.region, x.lang, rateText(x.sensitive), rateText(x.control),
      diffText(x.contrast), pText(x.contrast.p_permutation), pText(x.contrast.p_mcnemar), String(x.contrast.units)];
    const rank = new Map(['all', ...regionOrder(pairs)].map((r, i) => [r, i]));
    const sorted = (list) => list.slice().sort((a, b) => rank.get(a.region) - rank.get(b.region) ||
      TARGETS.indexOf(a.target) - TARGETS.indexOf(b.target));
    const box = document.getElementById('asymmetry-table');
    box.append(table(head, sorted(A.asymmetry.filter((x) => x.lang === 'all')).map(rowOf), 3),
      el('details', null, el('summary', { text: 'by language' }),
        table(head, sorted(A.asymmetry.filter((x) => x.lang !== 'all')).map(rowOf), 3)));
  }

  function languages() {
    const rows = A.language_rates.filter((r) => r.kind !== 'neutral').map((r) => ({
      target: r.target, kind: r.kind, lang: r.lang, rate: r.censorship.p, lo: r.censorship.lo,
      hi: r.censorship.hi, n: r.censorship.n }));
    if (!rows.length) return;
    embed('language', {
      data: { values: rows },
      facet: {
        row: { field: 'kind', type: 'nominal', title: null, sort: ['sensitive', 'control'] },
        column: { field: 'lang', type: 'nominal', title: null, sort: A.langs },
      },
      spec: {
        height: 160, width: { step: Math.max(14, Math.min(40, 160 / TARGETS.length)) },
        encoding: {
          x: { field: 'target', type: 'nominal', sort: TARGETS, axis: null, title: null },
        },
        layer: [
          { mark: 'bar', encoding: {
            color: { field: 'target', type: 'nominal', sort: TARGETS, legend: { labelLimit: 280 } },
            y: { field: 'rate', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' },
              title: 'censorship rate' },
            tooltip: [{ field: 'target' }, { field: 'kind' }, { field: 'lang' },
              { field: 'rate', format: '.1%' }, { field: 'lo', format: '.1%' }, { field: 'hi', format: '.1%' },
              { field: 'n', title: 'answers' }] } },
          { mark: { type: 'rule', color: '#222', strokeWidth: 1.5 }, encoding: {
            y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
        ],
      },
    });
    const head = ['target', 'region', 'kind', 'languages', 'difference [95% CI]', 'p (permutation)',
      'p (McNemar)', 'families'];
    const rowOf = (g) => [g.target, g.region, g.kind, `${g.lang_a} − ${g.lang_b}`, diffText(g.contrast),
      pText(g.contrast.p_permutation), pText(g.contrast.p_mcnemar), String(g.contrast.units)];
    document.getElementById('language-table').append(
      table(head, A.language_gaps.filter((g) => g.region === 'all').map(rowOf), 4),
      el('details', null, el('summary', { text: 'by region' }),
        table(head, A.language_gaps.filter((g) => g.region !== 'all').map(rowOf), 4)));
  }

  function extras() {
    if (A.thought_suppression.length) {
      const box = document.getElementById('suppression');
      box.append(el('h2', { text: 'Thought suppression' }),
        el('p', { class: 'note', text: 'Share of answers whose reasoning block is empty or missing.' }),
        table(['target', 'sensitive', 'control', 'difference [95% CI]', 'p (permutation)', 'family pairs'],
          A.thought_suppression.map((t) => [t.target, rateText(t.sensitive), rateText(t.control),
            t.contrast.units ? diffText(t.contrast) : '–',
            t.contrast.units ? pText(t.contrast.p_permutation) : '–', String(t.contrast.units)]), 1));
    }
    if (A.stability_summary.length) {
      const box = document.getElementById('stability');
      box.append(el('h2', { text: 'Stability across samples' }),
        el('p', { class: 'note', text: `Up to ${A.max_samples} samples per question: how many questions are censored always, sometimes or never.` }),
        table(['target', 'kind', 'questions', 'always', 'sometimes', 'never'],
          A.stability_summary.map((s) => [s.target, s.kind, String(s.probes), String(s.always),
            String(s.sometimes), String(s.never)]), 2));
    }
  }

  // --- answer index ----------------------------------------------------------------------------
  const byKey = new Map();  // "target|probe|sample" -> answer row
  for (let i = 0; i < N; i++) byKey.set(ANS.t[i] + '|' + ANS.p[i] + '|' + ANS.s[i], i);
  const probesByFamily = new Map();
  PROBES.forEach((p, i) => {
    if (!probesByFamily.has(p.family)) probesByFamily.set(p.family, []);
    probesByFamily.get(p.family).push(i);
  });

  function answerCell(row, probeIndex) {
    if (row === undefined) return el('td', { class: 'empty-note', text: 'not asked' });
    const v = VERDICTS[ANS.v[row]];
    const head = el('div', { class: 'tx-head' }, badge(v));
    if (ANS.ft[row]) head.append(el('span', { class: 'muted', text: `facts ${ANS.ff[row]}/${ANS.ft[row]}` }));
    if (ANS.r[row] !== 0) head.append(el('span', { class: 'muted', text: 'thinking: ' + REASONING[ANS.r[row]] }));
    const td = el('td', null, head, highlighted(ANS.a[row], probeIndex));
    if (ANS.th[row]) td.append(el('details', null, el('summary', { text: 'reasoning' }), el('div', { class: 'text', text: ANS.th[row] })));
    return td;
  }

  // --- side by side ----------------------------------------------------------------------------
  function sideBySide() {
    const famSel = document.getElementById('sbs-family');
    const sampleSel = document.getElementById('sbs-sample');
    const sensitive = [], others = [];
    for (const [fam, idx] of probesByFamily) {
      const p = PROBES[idx[0]];
      (p.kind === 'sensitive' && p.pair ? sensitive : others).push([fam, p]);
    }
    const byLabel = (a, b) => (a[1].topic + a[0]).localeCompare(b[1].topic + b[0]);
    sensitive.sort(byLabel);
    others.sort(byLabel);
    for (const [label, list] of [['sensitive, with matched control', sensitive], ['other questions', others]]) {
      if (!list.length) continue;
      const og = el('optgroup', { label });
      for (const [fam, p] of list) og.append(el('option', { value: fam, text: `${p.region} · ${p.topic} · ${fam}` }));
      famSel.append(og);
    }
    for (let s = 0; s < Math.max(1, A.max_samples); s++) sampleSel.append(el('option', { value: s, text: String(s) }));
    // Open on the sensitive family the targets censor most: the first thing worth reading.
    const censored = new Map();
    for (let i = 0; i < N; i++) {
      const v = VERDICTS[ANS.v[i]];
      if (v === 'error' || v === 'unjudged') continue;
      const fam = PROBES[ANS.p[i]].family;
      const c = censored.get(fam) || [0, 0];
      c[0] += v !== 'answered';
      c[1]++;
      censored.set(fam, c);
    }
    let best = null, bestRate = -1;
    for (const [fam] of sensitive) {
      const c = censored.get(fam);
      if (c && c[0] / c[1] > bestRate) { best = fam; bestRate = c[0] / c[1]; }
    }
    if (best) famSel.value = best;
    const draw = () => {
      const box = document.getElementById('sbs');
      box.replaceChildren();
      const fam = famSel.value;
      if (!fam) return;
      const sample = Number(sampleSel.value || 0);
      const own = probesByFamily.get(fam) || [];
      const pairFam = PROBES[own[0]].pair;
      const ctrl = pairFam ? probesByFamily.get(pairFam) || [] : [];
      const langs = A.langs.filter((l) => own.some((i) => PROBES[i].lang === l) || ctrl.some((i) => PROBES[i].lang === l));
      for (const lang of langs) {
        const ps = own.find((i) => PROBES[i].lang === lang);
        const pc = ctrl.find((i) => PROBES[i].lang === lang);
        const headRow = el('tr', null, el('th', { class: 'target-col', text: lang }),
          el('th', null, 'Asked: ', el('span', { class: 'prompt', text: ps !== undefined ? PROBES[ps].prompt || PROBES[ps].id : '(not in this language)' })));
        if (pairFam) {
          headRow.append(el('th', null, 'Matched control: ',
            el('span', { class: 'prompt', text: pc !== undefined ? PROBES[pc].prompt || PROBES[pc].id : '(not in this language)' })));
        }
        const t = el('table', { class: 'sbs-table' }, el('thead', null, headRow));
        const body = el('tbody');
        TARGETS.forEach((target, ti) => {
          const tr = el('tr', null, el('th', { class: 'target-col', text: target }));
          tr.append(ps !== undefined ? answerCell(byKey.get(ti + '|' + ps + '|' + sample), ps) : el('td'));
          if (pairFam) tr.append(pc !== undefined ? answerCell(byKey.get(ti + '|' + pc + '|' + sample), pc) : el('td'));
          body.append(tr);
        });
        t.append(body);
        box.append(el('h3', { text: lang }), t);
      }
    };
    famSel.addEventListener('change', draw);
    sampleSel.addEventListener('change', draw);
    draw();
  }

  // --- transcript browser ----------------------------------------------------------------------
  const PAGE = 25;
  function transcripts() {
    const filters = document.getElementById('tx-filters');
    const uniq = (f) => [...new Set(PROBES.map(f))].sort();
    const specs = [
      ['target', TARGETS.map((t, i) => [i, t]), (i) => ANS.t[i]],
      ['region', uniq((p) => p.region).map((x) => [x, x]), (i) => PROBES[ANS.p[i]].region],
      ['topic', uniq((p) => p.topic).map((x) => [x, x]), (i) => PROBES[ANS.p[i]].topic],
      ['language', A.langs.map((x) => [x, x]), (i) => PROBES[ANS.p[i]].lang],
      ['kind', uniq((p) => p.kind).map((x) => [x, x]), (i) => PROBES[ANS.p[i]].kind],
      ['verdict', VERDICTS.map((v, i) => [i, v]), (i) => ANS.v[i]],
    ];
    const selects = specs.map(([name, options]) => {
      const s = el('select', { id: 'tx-' + name, 'data-filter': name }, el('option', { value: '', text: 'all' }));
      for (const [value, label] of options) s.append(el('option', { value: String(value), text: label }));
      filters.append(el('label', null, name + ' ', s));
      return s;
    });
    const search = el('input', { id: 'tx-search', type: 'search', placeholder: 'search answers…' });
    filters.append(el('label', null, 'search ', search));
    let lower = null;  // lower-cased answers and probe ids, built on the first search
    let matches = [];
    let page = 0;
    const apply = () => {
      const active = [];
      specs.forEach(([, , get], k) => {
        if (selects[k].value !== '') active.push([get, selects[k].value]);
      });
      const q = search.value.trim().toLowerCase();
      if (q && !lower) {
        lower = new Array(N);
        for (let i = 0; i < N; i++) lower[i] = (PROBES[ANS.p[i]].id + '\n' + ANS.a[i] + '\n' + ANS.th[i]).toLowerCase();
      }
      matches = [];
      outer: for (let i = 0; i < N; i++) {
        for (const [get, want] of active) if (String(get(i)) !== want) continue outer;
        if (q && !lower[i].includes(q)) continue;
        matches.push(i);
      }
      page = 0;
      render();
    };
    const render = () => {
      const count = document.getElementById('tx-count');
      count.textContent = `${matches.length} of ${N} answers`;
      count.dataset.count = String(matches.length);
      const pages = Math.max(1, Math.ceil(matches.length / PAGE));
      page = Math.min(page, pages - 1);
      document.getElementById('tx-page').textContent = `page ${page + 1} of ${pages}`;
      document.getElementById('tx-prev').disabled = page === 0;
      document.getElementById('tx-next').disabled = page >= pages - 1;
      const list = document.getElementById('tx-list');
      list.replaceChildren();
      for (const i of matches.slice(page * PAGE, (page + 1) * PAGE)) list.append(row(i));
    };
    const row = (i) => {
      const p = PROBES[ANS.p[i]];
      const head = el('div', { class: 'tx-head' }, badge(VERDICTS[ANS.v[i]]),
        el('b', { text: TARGETS[ANS.t[i]] }),
        el('span', { class: 'muted', text: `${p.id} · ${p.region} · ${p.kind} · ${p.style} · sample ${ANS.s[i]}` }),
        ANS.ft[i] ? el('span', { class: 'muted', text: `facts ${ANS.ff[i]}/${ANS.ft[i]}` }) : null,
        el('span', { class: 'muted', text: `${ANS.n[i]} chars` }),
        ANS.r[i] !== 0 ? el('span', { class: 'muted', text: 'thinking: ' + REASONING[ANS.r[i]] }) : null);
      const answer = highlighted(ANS.a[i], ANS.p[i]);
      answer.classList.add('tx-answer');
      const r = el('article', { class: 'tx-row' }, head);
      if (p.prompt) r.append(el('div', { class: 'tx-prompt text', text: p.prompt }));
      r.append(answer);
      if (ANS.a[i].length > 600) {
        answer.classList.add('clamped');
        r.append(el('button', { type: 'button', class: 'more', text: 'show all', onclick: (e) => {
          const c = answer.classList.toggle('clamped');
          e.target.textContent = c ? 'show all' : 'show less';
        } }));
      }
      if (ANS.th[i]) r.append(el('details', null, el('summary', { text: 'reasoning' }), el('div', { class: 'text', text: ANS.th[i] })));
      return r;
    };
    for (const s of selects) s.addEventListener('change', apply);
    let timer = 0;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(apply, 150);
    });
    document.getElementById('tx-prev').addEventListener('click', () => { page--; render(); });
    document.getElementById('tx-next').addEventListener('click', () => { page++; render(); });
    apply();
  }

  header();
  cards();
  heatmap();
  asymmetry();
  languages();
  extras();
  sideBySide();
  transcripts();
  Promise.all(charts).then(() => { window.__candorReady = true; document.body.dataset.ready = '1'; });
})();
