// The table of connected clients (consumers of a group, producers of a group), shared by two pages.

import { table } from '../lib/dom.js';

export function clientTable(clients, id) {
  return table(
    [
      { title: 'Client id', cell: (c) => c.clientId },
      { title: 'Address', cell: (c) => c.clientAddr },
      { title: 'Language', cell: (c) => c.language },
      { title: 'Version', cell: (c) => c.version },
    ],
    clients,
    { id },
  );
}
