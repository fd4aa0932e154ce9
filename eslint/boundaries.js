// Module boundaries, checked on every import by resolving it against the importing file:
// - a module reaches another module only through that module's public entry (src/modules/<name>/index.ts);
// - nothing under src/modules or src/lib imports src/server (the assembly) or src/demo or src/cli;
// - src/server does not import src/demo or src/cli (the demo plugs in from the command line);
// - src/lib imports nothing from src/ outside src/lib (it is shared, I/O-free code).
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The top-level area of a file under src/ ('modules/<name>', 'server', 'lib', …), or undefined outside src/. */
function areaOf(file) {
  const rel = path.relative(path.join(root, 'src'), file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  if (parts[0] === 'modules' && parts.length > 2)
    return { top: 'modules', module: parts[1], rest: parts.slice(2) };
  return { top: parts[0], module: undefined, rest: parts.slice(1) };
}

function check(context, node, source) {
  if (typeof source !== 'string' || !source.startsWith('.')) return;
  const from = areaOf(context.filename);
  if (!from) return;
  const target = areaOf(path.resolve(path.dirname(context.filename), source));
  if (!target) return;
  const report = (messageId, data) => context.report({ node, messageId, data });
  if (from.top === 'modules') {
    if (['server', 'demo', 'cli'].includes(target.top))
      return report('layer', { from: 'a module', to: `src/${target.top}` });
    if (target.top === 'modules' && target.module !== from.module && target.rest.join('/') !== 'index.ts')
      return report('entry', { module: target.module });
  }
  if (from.top === 'lib' && target.top !== 'lib')
    return report('layer', { from: 'src/lib', to: `src/${target.top}` });
  if (from.top === 'server' && ['demo', 'cli'].includes(target.top))
    return report('layer', { from: 'src/server', to: `src/${target.top}` });
  if (
    ['server', 'demo', 'cli', 'core'].includes(from.top) &&
    target.top === 'modules' &&
    target.rest.join('/') !== 'index.ts'
  )
    return report('entry', { module: target.module });
}

export default {
  rules: {
    boundaries: {
      meta: {
        type: 'problem',
        messages: {
          entry: "Import module '{{module}}' through its public entry src/modules/{{module}}/index.ts.",
          layer: '{{from}} must not import {{to}}.',
        },
        schema: [],
      },
      create(context) {
        const visit = (node) => check(context, node, node.source?.value);
        return {
          ImportDeclaration: visit,
          ExportNamedDeclaration: visit,
          ExportAllDeclaration: visit,
          ImportExpression: visit,
        };
      },
    },
  },
};
