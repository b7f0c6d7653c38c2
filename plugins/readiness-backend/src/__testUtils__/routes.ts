import { Server } from 'node:http';

/** A route as Express holds it: method and path relative to the plugin. */
export interface StackRoute {
  method: string;
  path: string;
}

interface Layer {
  regexp: RegExp;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function collect(stack: Layer[], out: StackRoute[]) {
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) {
        out.push({ method: method.toUpperCase(), path: layer.route.path });
      }
    } else if (layer.handle?.stack) {
      collect(layer.handle.stack, out);
    }
  }
}

/**
 * Every route that a test backend serves under `/api/<pluginId>`, read from
 * the Express router stack itself, so a route added later is included
 * without anyone listing it. Routers the plugin mounts without a path are
 * walked; their routes are relative to the plugin's base path.
 */
export function routesOfPlugin(server: Server, pluginId: string) {
  const app = server.listeners('request')[0] as any;
  const mount = `/api/${pluginId}`;
  const find = (stack: Layer[]): Layer | undefined => {
    for (const layer of stack) {
      if (layer.regexp.test(mount) && !layer.regexp.test('/api/')) {
        return layer;
      }
      const inner = layer.handle?.stack && find(layer.handle.stack);
      if (inner) {
        return inner;
      }
    }
    return undefined;
  };
  const pluginLayer = find(app._router.stack);
  if (!pluginLayer?.handle?.stack) {
    throw new Error(`No router mounted at ${mount}`);
  }
  const routes: StackRoute[] = [];
  collect(pluginLayer.handle.stack, routes);
  return routes;
}

/** Fills route parameters with sample values. */
export function samplePath(path: string, params: Record<string, string>) {
  return path.replace(/:(\w+)/g, (_, name) => {
    if (!(name in params)) {
      throw new Error(`No sample value for route parameter :${name}`);
    }
    return encodeURIComponent(params[name]);
  });
}
