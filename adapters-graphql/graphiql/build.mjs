// Bundles GraphiQL and its Monaco workers into ../src/main/resources/graphiql-ui, which is checked in: the Maven
// build never runs npm, and the jar serves these files at /graphiql. Run after changing a version:
//   npm ci && node build.mjs
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

const out = new URL('../src/main/resources/graphiql-ui/', import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}assets`, { recursive: true });
const common = {
  bundle: true, minify: true, format: 'esm', target: 'es2022', legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl' },
  assetNames: '[name]-[hash]', logLevel: 'warning',
};
await esbuild.build({ ...common, entryPoints: { main: 'src/main.js' }, outdir: `${out}assets` });
await esbuild.build({
  ...common,
  entryPoints: {
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
  },
  outdir: `${out}assets`,
});
copyFileSync('src/index.html', `${out}index.html`);
