// GraphiQL as the service serves it: every asset comes from the service itself (no CDN), so the page works
// without internet access. Same set-up as Spring Boot's page: headers tab, history, explorer, subscriptions over
// graphql-transport-ws on the same path as queries.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';

// Monaco's workers, bundled next to this file (build.mjs).
const base = new URL('.', import.meta.url);
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const file = label === 'json' ? 'json.worker.js' : label === 'graphql' ? 'graphql.worker.js' : 'editor.worker.js';
    return new Worker(new URL(file, base), { type: 'module' });
  },
};

const params = new URLSearchParams(window.location.search);
const path = params.get('path') || '/graphql';
const wsPath = params.get('wsPath') || path;
const url = `${location.protocol}//${location.host}${path}`;
const subscriptionUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${wsPath}`;

// The headers of the Headers tab go with every request, and in connection_init for subscriptions, where the
// service reads {"Authorization": "Bearer <JWT>"}.
const fetcher = createGraphiQLFetcher({ url, subscriptionUrl });

const DEFAULT_QUERY = `# Paste {"Authorization": "Bearer <token>"} into the Headers tab below, then run.
query {
  modelPrices { model inputPerMillion outputPerMillion }
}
`;

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
    plugins: [HISTORY_PLUGIN, explorerPlugin()],
  }),
);
