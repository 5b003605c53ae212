// Breakeven's calculator page. Plain script, no framework: it reads a template's inputs from
// GET /v1/templates/{id}, asks GET /v1/comparisons (JSON for the tables, format=svg for the chart) and
// GET /v1/sweeps (format=svg), all on this origin, and keeps its state in the page's URL.
'use strict';

(() => {
  const $ = (selector) => document.querySelector(selector);
  const KEY_STORAGE = 'breakeven-api-key';
  const SWEEP_POINTS = 24;
  const SWEEP_DRAWS = 100;
  const DEBOUNCE_MS = 250;

  let strings = { en: {} };
  let templates = [];
  let detail = null;
  let sequence = 0;
  let inFlight = null;
  let timer = null;

  const state = {
    template: null,
    market: null,
    lang: 'en',
    view: 'cash',
    across: null,
    bands: false,
    values: {},
  };

  // ---- words ---------------------------------------------------------------------------------

  function t(key, args) {
    const table = strings[state.lang] || strings.en;
    let text = table[key] ?? strings.en[key] ?? key;
    for (const [name, value] of Object.entries(args || {})) {
      text = text.split('{' + name + '}').join(String(value));
    }
    return text;
  }

  const BASIS = {
    vendor_list: () => t('basis-vendor_list'),
    third_party: () => t('basis-third_party'),
    statistic: () => t('basis-statistic'),
    derived: () => t('basis-derived'),
    quote: () => t('basis-quote'),
    estimate: () => t('basis-estimate'),
  };
  const KIND = { rent: () => t('kind-rent'), own: () => t('kind-own') };
  const MARKET = { global: () => t('market-global'), china: () => t('market-china') };

  function applyStaticStrings() {
    document.documentElement.lang = state.lang;
    for (const element of document.querySelectorAll('[data-t]')) {
      element.textContent = t(element.dataset.t);
    }
    $('#lang-en').setAttribute('aria-pressed', String(state.lang === 'en'));
    $('#lang-zh').setAttribute('aria-pressed', String(state.lang === 'zh-CN'));
  }

  /** A decimal string with its integer digits grouped by thousands; the digits are the API's own. */
  function amount(decimal) {
    if (decimal === undefined || decimal === null) return '';
    const text = String(decimal);
    const negative = text.startsWith('-');
    const [whole, fraction] = text.replace('-', '').split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (negative ? '-' : '') + grouped + (fraction !== undefined ? '.' + fraction : '');
  }

  // A quantity for reading (0.1333… FTE as 0.1333); amounts keep every decimal the API gives.
  function quantityText(decimal) {
    if (decimal === undefined || decimal === null) return '';
    return Number(decimal).toLocaleString('en-US', { maximumFractionDigits: 4 });
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  // ---- talking to the API --------------------------------------------------------------------

  async function api(url, signal) {
    const headers = {};
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) headers['X-API-Key'] = key;
    const response = await fetch(url, { headers, signal });
    if (!response.ok) {
      let message = response.status + ' ' + response.statusText;
      try {
        const problem = await response.json();
        const fields = (problem.errors || []).map((e) => (e.pointer || '') + ': ' + e.detail);
        message = [problem.title, problem.detail, ...fields].filter(Boolean).join(' — ');
      } catch (_) { /* not a problem document */ }
      throw new Error(message);
    }
    return response;
  }

  function withKey(url) {
    const key = sessionStorage.getItem(KEY_STORAGE);
    return key ? url + '&api_key=' + encodeURIComponent(key) : url;
  }

  // ---- inputs --------------------------------------------------------------------------------

  /** The template's inputs and their defaults: drivers, parameters and two settings. */
  function inputsOf(template) {
    const inputs = [];
    for (const [id, driver] of Object.entries(template.drivers || {})) {
      inputs.push({ id, group: 'driver', ...driver });
    }
    for (const [id, parameter] of Object.entries(template.parameters || {})) {
      inputs.push({ id, group: 'param', integer: false, ...parameter });
    }
    const defaults = template.defaults || {};
    inputs.push({ id: 'horizon_months', group: 'setting', default: String(defaults.horizon_months ?? 60) });
    inputs.push({ id: 'discount_rate', group: 'setting', default: String(defaults.discount_rate ?? '0.08') });
    return inputs;
  }

  const logScaled = (input) => Number(input.min) > 0 && Number(input.max) / Number(input.min) >= 20;

  /** Slider position (0–1000) → a round value within the input's range. */
  function valueAt(input, position) {
    const min = Number(input.min);
    const max = Number(input.max);
    const share = position / 1000;
    let value = logScaled(input) ? min * Math.pow(max / min, share) : min + (max - min) * share;
    if (input.integer) {
      value = value >= 100 ? Number(value.toPrecision(2)) : Math.round(value);
    } else {
      value = Number(value.toPrecision(3));
    }
    return String(Math.min(max, Math.max(min, value)));
  }

  function positionOf(input, value) {
    const min = Number(input.min);
    const max = Number(input.max);
    const v = Math.min(max, Math.max(min, Number(value)));
    const share = logScaled(input) ? Math.log(v / min) / Math.log(max / min) : (v - min) / (max - min || 1);
    return String(Math.round(share * 1000));
  }

  function buildInputs() {
    const drivers = $('#driver-fields');
    const parameters = $('#parameter-fields');
    drivers.replaceChildren();
    parameters.replaceChildren();
    for (const input of inputsOf(detail)) {
      if (input.group === 'setting') {
        const field = $('#setting-' + input.id);
        field.value = state.values[input.id] ?? input.default;
        continue;
      }
      const id = input.group + '-' + input.id;
      const hintId = id + '-hint';
      const label = input.description + (input.unit ? ' (' + input.unit + ')' : '');
      const number = element('input', {
        id, type: 'number', min: input.min, max: input.max, step: input.integer ? '1' : 'any',
        inputmode: input.integer ? 'numeric' : 'decimal', 'aria-describedby': hintId,
      });
      number.value = state.values[input.id] ?? input.default;
      const slider = element('input', {
        id: id + '-slider', type: 'range', min: '0', max: '1000', step: '1',
        'aria-label': t('slider-label', { name: input.description }), 'aria-describedby': hintId,
      });
      slider.value = positionOf(input, number.value);
      slider.setAttribute('aria-valuetext', number.value + (input.unit ? ' ' + input.unit : ''));
      slider.addEventListener('input', () => {
        number.value = valueAt(input, Number(slider.value));
        slider.setAttribute('aria-valuetext', number.value + (input.unit ? ' ' + input.unit : ''));
        changed(input.id, number.value);
      });
      number.addEventListener('change', () => {
        slider.value = positionOf(input, number.value);
        changed(input.id, number.value);
      });
      const hint = element('p', { id: hintId, class: 'hint' },
        t('range-hint', { min: amount(input.min), max: amount(input.max), unit: input.unit || '' }).trim());
      if (input.source) hint.append(element('br'), input.source);
      const field = element('div', { class: 'field' }, element('label', { for: id, text: label }), number, slider, hint);
      (input.group === 'driver' ? drivers : parameters).append(field);
    }
    $('#parameters').hidden = parameters.childElementCount === 0;
  }

  function changed(id, value) {
    state.values[id] = value;
    schedule();
  }

  function fillSelects() {
    const templateSelect = $('#template');
    templateSelect.replaceChildren(...templates.map((tp) => element('option', { value: tp.id, text: tp.title })));
    templateSelect.value = state.template;
    const marketSelect = $('#market');
    const markets = Object.keys(detail.markets || {});
    marketSelect.replaceChildren(...markets.map((m) => element('option', { value: m, text: MARKET[m] ? MARKET[m]() : m })));
    marketSelect.value = state.market;
    const across = $('#sweep-variable');
    const drivers = Object.entries(detail.drivers || {});
    across.replaceChildren(...drivers.map(([id, d]) => element('option', { value: id, text: d.description })));
    across.value = state.across;
    $('#question').textContent = detail.question || '';
  }

  // ---- the query -----------------------------------------------------------------------------

  /** The comparison's query: template, market, every driver, and what differs from the defaults. */
  function comparisonQuery(except) {
    const query = new URLSearchParams();
    query.set('template', state.template);
    query.set('market', state.market);
    for (const input of inputsOf(detail)) {
      if (input.id === except) continue;
      const value = state.values[input.id] ?? input.default;
      if (input.group === 'driver' || Number(value) !== Number(input.default)) query.set(input.id, value);
    }
    query.set('lang', state.lang);
    return query;
  }

  function sweepQuery() {
    const driver = detail.drivers[state.across];
    const query = comparisonQuery(state.across);
    query.set('variable', state.across);
    query.set('from', driver.min);
    query.set('to', driver.max);
    query.set('points', String(SWEEP_POINTS));
    query.set('scale', logScaled(driver) ? 'log' : 'linear');
    if (state.bands) {
      query.set('intervals', String(SWEEP_DRAWS));
      query.set('seed', '1');
    }
    return query;
  }

  function permalink() {
    const query = comparisonQuery();
    query.set('view', state.view);
    query.set('across', state.across);
    if (state.bands) query.set('bands', '1');
    return '/?' + query.toString();
  }

  function schedule() {
    clearTimeout(timer);
    document.body.dataset.state = 'loading';
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  async function run() {
    const mine = ++sequence;
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const signal = inFlight.signal;
    document.body.dataset.state = 'loading';
    $('#status').textContent = t('status-loading');
    const query = comparisonQuery().toString();
    const answerUrl = '/v1/comparisons?' + query + '&view=compact';
    const chartUrl = '/v1/comparisons?' + query + '&format=svg&chart=' + state.view;
    const sweepUrl = '/v1/sweeps?' + sweepQuery().toString();
    history.replaceState(null, '', permalink());
    updateLinks(query, chartUrl);
    try {
      const [answer, chart, sweep] = await Promise.all([
        api(answerUrl, signal).then((r) => r.json()),
        api(chartUrl, signal).then((r) => r.text()),
        api(sweepUrl + '&format=svg', signal).then((r) => r.text()),
      ]);
      if (mine !== sequence) return;
      $('#results').dataset.api = answerUrl;
      $('#sweep-chart').dataset.api = sweepUrl;
      renderAnswer(answer, query);
      inline($('#cash-chart'), chart);
      renderSweep(sweep);
      $('#error').hidden = true;
      document.body.dataset.state = 'ready';
    } catch (error) {
      if (mine !== sequence || error.name === 'AbortError') return;
      $('#error').textContent = t('error-prefix') + ' ' + error.message;
      $('#error').hidden = false;
      $('#status').textContent = '';
      document.body.dataset.state = 'error';
    }
  }

  // ---- rendering -----------------------------------------------------------------------------

  /** Puts the API's SVG document into the page (parsed as XML: nothing in it runs). */
  function inline(container, text) {
    const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
    const svg = parsed.documentElement;
    if (svg.nodeName !== 'svg') throw new Error('the chart is not an SVG document');
    container.replaceChildren(document.importNode(svg, true));
  }

  function chartData(container) {
    const metadata = container.querySelector('metadata');
    return metadata ? JSON.parse(metadata.textContent) : {};
  }

  function renderAnswer(answer, query) {
    const byName = new Map(answer.options.map((o) => [o.name, o]));
    const measure = state.view === 'pnl' ? 'expense' : 'cash';
    const rows = answer.ranking.by_npv.map((entry) => {
      const option = byName.get(entry.option);
      return element('tr', {
        'data-option': entry.option, 'data-rank': entry.rank, 'data-npv': entry.value, 'data-cash': option.totals.cash,
      },
      element('td', { class: 'num', text: entry.rank }),
      element('th', { scope: 'row', text: entry.option }),
      element('td', { text: KIND[option.kind] ? KIND[option.kind]() : option.kind }),
      element('td', { class: 'num', text: amount(entry.value) }),
      element('td', { class: 'num', text: amount(entry.difference) }),
      element('td', { class: 'num', text: amount(option.totals[measure]) }));
    });
    $('#ranking tbody').replaceChildren(...rows);
    $('#col-total').textContent = state.view === 'pnl' ? t('col-expense') : t('col-cash');
    const cheapest = answer.ranking.by_npv[0];
    $('#status').textContent = t('status-cheapest', {
      months: answer.horizon_months, option: cheapest.option, npv: amount(cheapest.value), currency: answer.currency,
    });
    // The months where one line really crosses another (not "cheaper in every month", not "never").
    const crossings = answer.break_even.filter((b) => b.month !== null && b.month > 1);
    const evens = crossings.map((b) => element('li', { text: b.reason }));
    $('#break-even').replaceChildren(...(evens.length ? evens : [element('li', { text: t('no-break-even') })]));
    renderCategories(answer, measure);
    renderLineItems(answer, measure);
    const warnings = answer.warnings.map((w) => element('li', { text: w.message }));
    $('#warnings').replaceChildren(...(warnings.length ? warnings : [element('li', { text: t('no-warnings') })]));
    $('#catalog-version').textContent = answer.catalog_version;
    const position = answer.options.findIndex((o) => o.name === cheapest.option) + 1;
    const valueUrl = location.origin + '/v1/comparisons/value?' + query + '&option=' + position + '&metric=npv';
    $('#formula').value = '=WEBSERVICE("' + valueUrl + '")';
  }

  function renderCategories(answer, measure) {
    const categories = [];
    for (const option of answer.options) {
      for (const c of option.by_category) if (!categories.includes(c.category)) categories.push(c.category);
    }
    const head = element('tr', {}, element('th', { scope: 'col', text: t('col-category') }),
      ...answer.options.map((o) => element('th', { scope: 'col', class: 'num', text: o.name })));
    $('#categories thead').replaceChildren(head);
    $('#categories tbody').replaceChildren(...categories.map((category) => element('tr', {},
      element('th', { scope: 'row', text: category }),
      ...answer.options.map((o) => {
        const found = o.by_category.find((c) => c.category === category);
        return element('td', { class: 'num', text: found ? amount(found[measure]) : '—' });
      }))));
  }

  function renderLineItems(answer, measure) {
    const blocks = answer.options.map((option, index) => {
      const table = element('table', {},
        element('thead', {}, element('tr', {},
          element('th', { scope: 'col', text: t('col-component') }),
          element('th', { scope: 'col', text: t('col-category') }),
          element('th', { scope: 'col', class: 'num', text: t('col-quantity') }),
          element('th', { scope: 'col', class: 'num', text: t('col-unit-price') }),
          element('th', { scope: 'col', class: 'num', text: measure === 'cash' ? t('col-amount-cash') : t('col-amount-expense') }),
          element('th', { scope: 'col', text: t('col-source') }))),
        element('tbody', {}, ...option.line_items.map((item) => lineItemRow(item, measure))));
      const summary = element('summary', { text: t('line-items-of', { option: option.name, count: option.line_items.length }) });
      const details = element('details', { class: 'option', open: index === 0 }, summary,
        element('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': option.name }, table));
      return details;
    });
    $('#line-items').replaceChildren(...blocks);
  }

  function lineItemRow(item, measure) {
    const p = item.provenance || {};
    const estimate = p.basis === 'estimate';
    const quantity = item.quantity_first === item.quantity_last
      ? quantityText(item.quantity_first) : quantityText(item.quantity_first) + ' → ' + quantityText(item.quantity_last);
    const badge = element('span', { class: 'badge ' + (p.basis || ''), title: estimate ? t('estimate-mark') : null },
      BASIS[p.basis] ? BASIS[p.basis]() : (p.basis || ''));
    const dated = p.price_date ? t('price-date', { date: p.price_date }) : t('undated');
    const source = element('div', { class: 'source' }, badge, ' ',
      p.source_url ? element('a', { href: p.source_url, rel: 'noopener noreferrer', target: '_blank', text: t('source-link') }) : null,
      ' · ' + dated + (p.retrieved ? ' · ' + t('retrieved', { date: p.retrieved }) : ''));
    if (estimate && p.note) source.append(element('br'), t('estimate-mark') + ': ' + p.note);
    return element('tr', { class: estimate ? 'estimate' : null },
      element('td', {}, item.component,
        item.stage ? element('span', { class: 'stage', text: t('line-stage', { stage: item.stage }) }) : null),
      element('td', { text: item.category }),
      element('td', { class: 'num', text: quantity + (item.unit ? ' ' + item.unit : '') }),
      element('td', { class: 'num', text: amount(item.unit_price) + ' ' + (item.price_currency || '') }),
      element('td', { class: 'num', text: amount(item[measure]) }),
      element('td', {}, source));
  }

  function renderSweep(svgText) {
    const container = $('#sweep-chart');
    inline(container, svgText);
    const data = chartData(container);
    const crossovers = (data.crossovers || []).map((c) => element('li', { text: t('crossover', { from: c.from, to: c.to, at: amount(c.at) }) }));
    $('#crossovers').replaceChildren(...(crossovers.length ? crossovers : [element('li', { text: t('no-crossovers') })]));
  }

  function updateLinks(query, chartUrl) {
    $('#permalink').href = permalink();
    $('#download-csv').href = withKey('/v1/comparisons?' + query + '&format=csv&view=summary');
    $('#download-xlsx').href = withKey('/v1/comparisons?' + query + '&format=xlsx');
    $('#download-svg').href = withKey(chartUrl);
  }

  // ---- loading templates and switching -------------------------------------------------------

  async function loadTemplates() {
    const list = await (await api('/v1/templates?lang=' + state.lang)).json();
    templates = list.templates;
    if (!templates.some((tp) => tp.id === state.template)) state.template = templates[0].id;
    detail = await (await api('/v1/templates/' + encodeURIComponent(state.template) + '?lang=' + state.lang)).json();
    if (!detail.markets[state.market]) state.market = detail.defaults.market;
    if (!detail.drivers[state.across]) state.across = Object.keys(detail.drivers)[0];
    fillSelects();
    buildInputs();
  }

  async function switchTo(change) {
    change();
    try {
      await loadTemplates();
      schedule();
    } catch (error) {
      $('#error').textContent = t('error-prefix') + ' ' + error.message;
      $('#error').hidden = false;
      document.body.dataset.state = 'error';
    }
  }

  function readPageUrl() {
    const query = new URLSearchParams(location.search);
    const fallback = document.documentElement.dataset.defaultLang || 'en';
    const lang = query.get('lang') || fallback;
    state.lang = lang === 'zh-CN' ? 'zh-CN' : 'en';
    state.template = query.get('template');
    state.market = query.get('market');
    state.view = query.get('view') === 'pnl' ? 'pnl' : 'cash';
    state.across = query.get('across');
    state.bands = query.get('bands') === '1';
    const own = ['template', 'market', 'lang', 'view', 'across', 'bands'];
    for (const [name, value] of query) if (!own.includes(name)) state.values[name] = value;
  }

  function wire() {
    $('#template').addEventListener('change', (e) => switchTo(() => { state.template = e.target.value; state.values = {}; }));
    $('#market').addEventListener('change', (e) => { state.market = e.target.value; schedule(); });
    $('#lang-en').addEventListener('click', () => switchTo(() => { state.lang = 'en'; applyStaticStrings(); }));
    $('#lang-zh').addEventListener('click', () => switchTo(() => { state.lang = 'zh-CN'; applyStaticStrings(); }));
    for (const id of ['horizon_months', 'discount_rate']) {
      $('#setting-' + id).addEventListener('change', (e) => changed(id, e.target.value));
    }
    for (const radio of document.querySelectorAll('input[name="view"]')) {
      radio.addEventListener('change', (e) => { state.view = e.target.value; schedule(); });
    }
    $('#sweep-variable').addEventListener('change', (e) => { state.across = e.target.value; schedule(); });
    $('#sweep-bands').addEventListener('change', (e) => { state.bands = e.target.checked; schedule(); });
    const key = $('#api-key');
    key.value = sessionStorage.getItem(KEY_STORAGE) || '';
    key.addEventListener('change', () => {
      if (key.value) sessionStorage.setItem(KEY_STORAGE, key.value);
      else sessionStorage.removeItem(KEY_STORAGE);
      switchTo(() => {});
    });
  }

  async function start() {
    readPageUrl();
    strings = await (await fetch('/assets/strings.json')).json();
    applyStaticStrings();
    $('#view-' + state.view).checked = true;
    $('#sweep-bands').checked = state.bands;
    wire();
    await switchTo(() => {});
  }

  document.addEventListener('DOMContentLoaded', start);
})();
