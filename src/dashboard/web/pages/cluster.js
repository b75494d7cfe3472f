// Cluster: every broker by cluster and name, with its role, address, version, TPS in and out,
// today's and yesterday's message counts and disk use; its runtime table and configuration on demand.

import { button, h, kvTable, loadingDialog, replace, table } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { count, percent, rate } from '../lib/format.js';

function showTable(title, path, addr, key) {
  loadingDialog(`${title} of ${addr}`, async () => kvTable((await get(path, { addr }))[key]));
}

function brokerTable(brokers, id) {
  return table(
    [
      { title: 'Broker', cell: (b) => b.brokerName, sort: (b) => b.brokerName },
      { title: 'BID', cell: (b) => b.brokerId, num: true },
      { title: 'Role', cell: (b) => h('span', { class: `badge ${b.role === 'MASTER' ? 'master' : ''}` }, b.role) },
      { title: 'Address', cell: (b) => b.addr },
      { title: 'Version', cell: (b) => b.version || '-' },
      { title: 'In TPS', cell: (b) => rate(b.inTps), sort: (b) => b.inTps, num: true },
      { title: 'Out TPS', cell: (b) => rate(b.outTps), sort: (b) => b.outTps, num: true },
      { title: 'In today', cell: (b) => count(b.inToday), num: true },
      { title: 'Out today', cell: (b) => count(b.outToday), num: true },
      { title: 'In yesterday', cell: (b) => count(b.inYesterday), num: true },
      { title: 'Out yesterday', cell: (b) => count(b.outYesterday), num: true },
      { title: 'Disk used', cell: (b) => percent(b.diskRatio), sort: (b) => b.diskRatio, num: true },
      {
        title: '',
        cell: (b) =>
          b.error ? h('span', { class: 'error-text' }, b.error) : h(
            'span',
            { class: 'row-actions' },
            button('Status', () => showTable('Runtime', '/api/broker/runtime', b.addr, 'runtime')),
            button('Config', () => showTable('Configuration', '/api/broker/config', b.addr, 'config')),
          ),
      },
    ],
    brokers,
    { id, empty: 'No broker is registered with the name server' },
  );
}

export async function render(main) {
  const body = h('div');
  main.append(h('div', { class: 'title' }, h('h1', null, 'Cluster'), button('Refresh', () => void fill())), body);
  const fill = async () => {
    const data = await get('/api/cluster');
    const byCluster = new Map();
    for (const b of data.brokers) byCluster.set(b.cluster, [...(byCluster.get(b.cluster) ?? []), b]);
    replace(
      body,
      h('p', { class: 'muted' }, `Name servers: ${data.namesrvAddrs.join(';')} · ${data.brokers.length} broker(s)`),
      ...[...byCluster].map(([name, brokers]) =>
        h('section', { class: 'cluster' }, h('h2', null, name), brokerTable(brokers, `cluster-${name}`))
      ),
      data.brokers.length === 0 ? brokerTable([]) : null,
    );
  };
  await fill();
}
