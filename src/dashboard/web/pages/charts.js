// Charts: broker TPS (in and out) and topic TPS (messages in) over the last minutes, drawn with
// uPlot and refreshed in place as the server samples. uPlot is loaded only when this page opens.

import { button, h, toast } from '../lib/dom.js';
import { get } from '../lib/api.js';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
const STORE_KEY = 'mq-dashboard-chart-topics';

let uplotReady;
function loadUPlot() {
  uplotReady ??= new Promise((resolve, reject) => {
    document.head.append(h('link', { rel: 'stylesheet', href: '/vendor/uPlot.min.css' }));
    const s = h('script', { src: '/vendor/uPlot.iife.min.js' });
    s.onload = () => resolve(globalThis.uPlot);
    s.onerror = () => reject(new Error('the chart library could not be loaded'));
    document.head.append(s);
  });
  return uplotReady;
}

/** uPlot's columns: shared x (seconds) and one y column per series, null where a series has no point. */
function columns(lines) {
  const xs = [...new Set(lines.flatMap((l) => l.points.map((p) => p[0])))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const ys = lines.map((l) => {
    const col = new Array(xs.length).fill(null);
    for (const [t, v] of l.points) col[at.get(t)] = v;
    return col;
  });
  return [xs.map((x) => x / 1000), ...ys];
}

/** A chart that keeps its uPlot instance while its series stay the same, and rebuilds it when they change. */
function chart(UPlot, el, title) {
  let plot = null;
  let labels = '';
  return {
    update(lines) {
      const hasData = lines.some((l) => l.points.length > 0);
      const key = hasData ? lines.map((l) => l.label).join('\n') : '';
      const data = columns(lines);
      if (plot && key === labels) return plot.setData(data);
      plot?.destroy();
      plot = null;
      labels = key;
      el.replaceChildren();
      if (!hasData) {
        el.append(
          h('p', { class: 'muted' }, lines.length ? `${title}: the first rates appear after the next sample` : `${title}: nothing to draw`),
        );
        return;
      }
      plot = new UPlot(
        {
          title,
          width: Math.max(320, el.clientWidth - 20 || 900),
          height: 260,
          scales: { x: { time: true } },
          axes: [{}, { label: 'messages / s', size: 60 }],
          series: [{}, ...lines.map((l, i) => ({ label: l.label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true }))],
        },
        data,
        el,
      );
    },
    destroy() {
      plot?.destroy();
      plot = null;
    },
  };
}

function chosenTopics(params, topics) {
  const fromUrl = params.get('topics');
  if (fromUrl) return fromUrl.split(',').filter(Boolean);
  const saved = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null');
  if (Array.isArray(saved) && saved.length) return saved;
  return topics.slice(0, 3);
}

export async function render(main, { params }) {
  const [UPlot, topicList] = await Promise.all([loadUPlot(), get('/api/topics')]);
  const normal = topicList.topics.filter((t) => t.kind === 'NORMAL').map((t) => t.topic);
  let topics = chosenTopics(params, normal);
  const brokerEl = h('div', { class: 'chart', id: 'broker-chart' });
  const topicEl = h('div', { class: 'chart', id: 'topic-chart' });
  const chips = h('span', { class: 'chips' });
  const pick = h('input', { list: 'chart-topics', placeholder: 'Add a topic', 'aria-label': 'Add a topic to the chart' });
  const brokers = chart(UPlot, brokerEl, 'Broker TPS');
  const topicChart = chart(UPlot, topicEl, 'Topic TPS (messages in)');
  const status = h('p', { class: 'muted', id: 'chart-status' });

  const drawChips = () =>
    chips.replaceChildren(...topics.map((t) =>
      h(
        'span',
        { class: 'chip' },
        t,
        button('×', () => {
          topics = topics.filter((x) => x !== t);
          saveTopics();
        }, 'icon'),
      )
    ));
  const saveTopics = () => {
    localStorage.setItem(STORE_KEY, JSON.stringify(topics));
    drawChips();
    void refresh();
  };
  let interval = 5000;
  let stopped = false;
  const refresh = async () => {
    try {
      const [b, t] = await Promise.all([get('/api/charts/brokers'), get('/api/charts/topics', { topics: topics.join(',') })]);
      if (stopped) return;
      interval = b.intervalMs;
      brokers.update(b.series.flatMap((s) => [
        { label: `${s.key} in`, points: s.points.map((p) => [p[0], p[1]]) },
        { label: `${s.key} out`, points: s.points.map((p) => [p[0], p[2]]) },
      ]));
      topicChart.update(t.series.map((s) => ({ label: s.topic, points: s.points })));
      status.textContent = `Sampled every ${interval / 1000} s · updated ${new Date().toLocaleTimeString()}`;
    } catch (err) {
      status.textContent = `Not updated: ${err.message}`;
    }
  };

  main.append(
    h('h1', null, 'Charts'),
    status,
    brokerEl,
    h(
      'form',
      {
        class: 'form inline',
        onSubmit: (e) => {
          e.preventDefault();
          const v = pick.value.trim();
          if (!v) return;
          if (!topics.includes(v)) topics = [...topics, v];
          pick.value = '';
          saveTopics();
          if (!normal.includes(v)) toast(`${v} is not a known topic; it is charted once it has a route`, 'bad');
        },
      },
      h('datalist', { id: 'chart-topics' }, normal.map((t) => h('option', { value: t }))),
      pick,
      h('button', { type: 'submit' }, 'Add'),
      chips,
    ),
    topicEl,
  );
  drawChips();
  let timer;
  const loop = () => {
    timer = setTimeout(() => void refresh().finally(() => stopped || loop()), interval);
  };
  await refresh();
  loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
    brokers.destroy();
    topicChart.destroy();
  };
}
