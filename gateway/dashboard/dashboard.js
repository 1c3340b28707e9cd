/* global document, window, fetch, Chart */
/**
 * The dashboard's page script: reads the population views through the GraphQL API with the
 * caller's token (and purpose), and draws each with Chart.js next to a table of the same numbers.
 * No inline script, no eval: the operations come as JSON data from the page.
 */
'use strict';
(function () {
  const config = JSON.parse(document.getElementById('dashboard-config').textContent);
  const STATUSES = ['CONSISTENT', 'AT_RISK', 'VIOLATION', 'INCOMPLETE'];
  // Colour helps, never carries meaning alone: every chart has axis labels or a legend with
  // point styles and dashes, and a table of its numbers.
  const STATUS_STYLE = {
    CONSISTENT: { color: '#2e7d32', point: 'circle', dash: [] },
    AT_RISK: { color: '#b26a00', point: 'triangle', dash: [6, 3] },
    VIOLATION: { color: '#c62828', point: 'rectRot', dash: [2, 2] },
    INCOMPLETE: { color: '#616161', point: 'crossRot', dash: [10, 4] },
  };
  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
  const POINTS = ['circle', 'triangle', 'rect', 'rectRot', 'cross', 'star', 'crossRot', 'line'];
  const DASHES = [[], [6, 3], [2, 2], [10, 4], [8, 2, 2, 2]];
  let headers = null;

  const $ = (id) => document.getElementById(id);
  const shown = (n) => (n === null || n === undefined ? 'withheld (1–9)' : String(n));

  async function graphql(query, variables) {
    const res = await fetch(config.endpoint, {
      method: 'POST',
      headers: Object.assign(
        { 'content-type': 'application/json', accept: 'application/json' },
        headers,
      ),
      body: JSON.stringify({ query: query, variables: variables || {} }),
    });
    const body = await res.json().catch(function () {
      return null;
    });
    if (!body || (body.errors && body.errors.length)) {
      const first = body && body.errors && body.errors[0];
      const error = new Error(first ? first.message : 'HTTP ' + res.status);
      error.code = first && first.extensions ? first.extensions.code : null;
      throw error;
    }
    return body.data;
  }

  /** Every node of a connection, page after page. */
  async function allNodes(query, variables, field) {
    const nodes = [];
    let after = null;
    for (;;) {
      const data = await graphql(query, Object.assign({}, variables, { after: after }));
      const page = data[field];
      for (const edge of page.edges) nodes.push(edge.node);
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
  }

  const tokyoDay = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const dayOf = (iso) => tokyoDay.format(new Date(iso));
  function nextDay(day) {
    const d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  /** A table of a chart's numbers: one row per label, one column per dataset. */
  function table(caption, head, chart, extra) {
    const t = document.createElement('table');
    const c = document.createElement('caption');
    c.textContent = caption;
    t.appendChild(c);
    const tr = document.createElement('tr');
    for (const h of [head].concat(
      chart.datasets.map((d) => d.label),
      extra ? [extra.head] : [],
    )) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      tr.appendChild(th);
    }
    const thead = document.createElement('thead');
    thead.appendChild(tr);
    t.appendChild(thead);
    const tbody = document.createElement('tbody');
    chart.labels.forEach(function (label, i) {
      const row = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = label;
      row.appendChild(th);
      for (const d of chart.datasets) {
        const td = document.createElement('td');
        td.className = 'n';
        td.textContent = shown(d.data[i]);
        row.appendChild(td);
      }
      if (extra) {
        const td = document.createElement('td');
        td.textContent = extra.cell(i);
        row.appendChild(td);
      }
      tbody.appendChild(row);
    });
    t.appendChild(tbody);
    return t;
  }

  /** One panel: a chart (an image to assistive technology) and its table, behind a disclosure. */
  function panel(name, spec) {
    const figure = document.querySelector('[data-panel="' + name + '"]');
    const caption = figure.querySelector('figcaption').textContent.trim().replace(/\s+/g, ' ');
    const box = document.createElement('div');
    box.className = 'chart';
    const canvas = document.createElement('canvas');
    canvas.id = 'chart-' + name;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', caption + '. The numbers are in the table that follows.');
    box.appendChild(canvas);
    figure.appendChild(box);
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'Table: ' + caption;
    details.appendChild(summary);
    const t = table(caption, spec.head, spec, spec.extra);
    t.id = 'table-' + name;
    details.appendChild(t);
    figure.appendChild(details);
    if (!spec.labels.length) {
      const p = document.createElement('p');
      p.textContent = 'Nothing to show.';
      figure.appendChild(p);
    }
    const line = spec.type === 'line';
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? 'y' : 'x',
        plugins: {
          legend: { display: spec.datasets.length > 1, labels: { usePointStyle: line } },
        },
        scales: {
          [spec.horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } },
          // Every category named, none skipped.
          [spec.horizontal ? 'y' : 'x']: { ticks: { autoSkip: !!spec.skipLabels } },
        },
      },
    });
  }

  const count = (cell) => (cell.suppressed ? null : cell.count);
  function seriesStyle(i, key) {
    const s = STATUS_STYLE[key] || {
      color: PALETTE[i % PALETTE.length],
      point: POINTS[i % POINTS.length],
      dash: DASHES[i % DASHES.length],
    };
    return {
      borderColor: s.color,
      backgroundColor: s.color,
      pointStyle: s.point,
      borderDash: s.dash,
      pointRadius: 4,
    };
  }

  /**
   * The ten employers with most workers with findings to cure, as the API orders the first page of
   * employer groups, each with its findings to cure.
   */
  function topEmployers(employers) {
    return employers.groups
      .filter((g) => g.key !== 'NONE' && g.key !== 'UNKNOWN')
      .map((g) => ({
        key: g.key,
        label: g.label,
        n: g.byRule.reduce((sum, c) => sum + (count(c) || 0), 0),
      }))
      .filter((g) => g.n > 0)
      .slice(0, 10);
  }

  /** Each employer's name, or its id when the caller may not read employers. */
  function named(top) {
    return Promise.all(
      top.map((g) =>
        graphql(config.operations.employer, { id: g.key }).then(
          (data) => Object.assign({}, g, { label: data.employer ? data.employer.name : g.label }),
          () => g,
        ),
      ),
    );
  }

  function drawToday(overview, top) {
    panel('status', {
      type: 'bar',
      head: 'Status',
      labels: overview.byStatus.map((c) => c.status),
      datasets: [
        {
          label: 'Workers',
          data: overview.byStatus.map(count),
          backgroundColor: overview.byStatus.map((c) => STATUS_STYLE[c.status].color),
        },
      ],
    });
    panel('rules', {
      type: 'bar',
      horizontal: true,
      head: 'Rule',
      labels: overview.byRule.map((c) => c.ruleId),
      datasets: [
        { label: 'Findings', data: overview.byRule.map(count), backgroundColor: '#1f77b4' },
      ],
    });
    panel('employers', {
      type: 'bar',
      horizontal: true,
      head: 'Employer',
      labels: top.map((g) => g.label),
      datasets: [
        { label: 'Findings to cure', data: top.map((g) => g.n), backgroundColor: '#8c564b' },
      ],
    });
  }

  /** Status and rule counts at the end of each day, replaying the stored transitions. */
  function drawHistory(transitions, overview) {
    const days = [];
    if (transitions.length) {
      const last = [dayOf(transitions[transitions.length - 1].at), overview.asOf].sort()[1];
      for (let d = dayOf(transitions[0].at); d <= last; d = nextDay(d)) days.push(d);
    }
    const rules = [
      ...new Set(
        overview.byRule
          .map((c) => c.ruleId)
          .concat(
            transitions.flatMap((t) =>
              t.findingsAdded.concat(t.findingsResolved).map((f) => f.ruleId),
            ),
          ),
      ),
    ].sort();
    const status = new Map();
    const findings = new Map(rules.map((r) => [r, 0]));
    const byStatus = new Map(STATUSES.map((s) => [s, []]));
    const byRule = new Map(rules.map((r) => [r, []]));
    let i = 0;
    for (const day of days) {
      for (; i < transitions.length && dayOf(transitions[i].at) <= day; i++) {
        const t = transitions[i];
        status.set(t.worker.id, t.to);
        for (const f of t.findingsAdded) findings.set(f.ruleId, findings.get(f.ruleId) + 1);
        for (const f of t.findingsResolved) findings.set(f.ruleId, findings.get(f.ruleId) - 1);
      }
      const tally = new Map(STATUSES.map((s) => [s, 0]));
      for (const s of status.values()) tally.set(s, tally.get(s) + 1);
      for (const s of STATUSES) byStatus.get(s).push(tally.get(s));
      for (const r of rules) byRule.get(r).push(findings.get(r));
    }
    const line = (entries) =>
      [...entries].map(([key, data], n) =>
        Object.assign({ label: key, data: data, fill: false }, seriesStyle(n, key)),
      );
    panel('status-history', {
      type: 'line',
      head: 'Day',
      skipLabels: true,
      labels: days,
      datasets: line(byStatus),
    });
    panel('rules-history', {
      type: 'line',
      head: 'Day',
      skipLabels: true,
      labels: days,
      datasets: line(byRule),
    });
  }

  function drawFeed(feed) {
    const labels = STATUSES.filter((s) => feed.some((t) => t.to === s));
    panel('feed', {
      type: 'bar',
      head: 'New status',
      labels: labels,
      datasets: [
        {
          label: 'Transitions',
          data: labels.map((s) => feed.filter((t) => t.to === s).length),
          backgroundColor: labels.map((s) => STATUS_STYLE[s].color),
        },
      ],
    });
    const body = $('feed-list').querySelector('tbody');
    const rules = (list) => list.map((f) => f.ruleId).join(', ');
    for (const t of feed) {
      const row = document.createElement('tr');
      for (const v of [
        t.at,
        t.worker.id,
        t.from || '—',
        t.to,
        t.cause + (t.source ? ' (' + t.source + ')' : ''),
        rules(t.findingsAdded),
        rules(t.findingsResolved),
      ]) {
        const td = document.createElement('td');
        td.textContent = v;
        row.appendChild(td);
      }
      body.appendChild(row);
    }
  }

  function drawForecast(risks) {
    const labels = [...new Set(risks.map((r) => r.on))].sort();
    const on = (day) => risks.filter((r) => r.on === day);
    panel('forecast', {
      type: 'bar',
      head: 'Date',
      skipLabels: true,
      labels: labels,
      datasets: [
        { label: 'Workers', data: labels.map((d) => on(d).length), backgroundColor: '#b26a00' },
      ],
      extra: {
        head: 'Rules expected to fire',
        cell: (i) => [...new Set(on(labels[i]).flatMap((r) => r.ruleIds))].sort().join(', ') || '—',
      },
    });
  }

  async function load() {
    document.body.dataset.state = 'loading';
    const ops = config.operations;
    const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    try {
      const [today, history, feed, forecast] = await Promise.all([
        graphql(ops.overview).then((data) =>
          named(topEmployers(data.employers)).then((top) => Object.assign(data, { top: top })),
        ),
        allNodes(ops.transitions, { since: config.historySince }, 'riskTransitions'),
        allNodes(ops.transitions, { since: since }, 'riskTransitions'),
        allNodes(ops.forecast, {}, 'upcomingRisks'),
      ]);
      drawToday(today.overview, today.top);
      drawHistory(history, today.overview);
      drawFeed(feed);
      drawForecast(forecast);
      $('summary').textContent =
        'As of ' +
        today.overview.asOf +
        ': ' +
        shown(today.overview.workers) +
        ' workers evaluated; ' +
        feed.length +
        ' transitions in the last 24 hours; ' +
        forecast.length +
        ' workers whose status may worsen within 90 days.';
      document.body.dataset.state = 'ready';
    } catch (error) {
      $('error').textContent = 'The API refused or failed: ' + error.message;
      $('error').hidden = false;
      $('summary').textContent = '';
      document.body.dataset.state = 'error';
      if (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN') $('login').hidden = false;
    }
  }

  function start() {
    if (config.token) {
      headers = { authorization: 'Bearer ' + config.token };
      return load();
    }
    // In production: the caller's own token and purpose, kept in this page only.
    $('summary').textContent = 'Sign in to read the population views.';
    document.body.dataset.state = 'login';
    $('login').hidden = false;
    $('login').addEventListener('submit', function (event) {
      event.preventDefault();
      headers = {
        authorization: 'Bearer ' + $('login-token').value.trim(),
        'x-purpose': $('login-purpose').value.trim(),
      };
      $('login').hidden = true;
      $('error').hidden = true;
      for (const figure of document.querySelectorAll('figure')) {
        for (const el of figure.querySelectorAll('.chart, details, p')) el.remove();
      }
      $('feed-list').querySelector('tbody').textContent = '';
      load();
    });
  }

  if (window.Chart) start();
  else window.addEventListener('load', start);
})();
