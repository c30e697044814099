import type { Express } from 'express';

export interface RegisteredRoute {
  method: string;
  path: string;
}

interface Layer {
  /** The path the layer was registered with: a mounted router's prefix (`/meetings`). */
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

const join = (prefix: string, path: string) =>
  prefix === '' || prefix === '/' ? path : path === '/' ? prefix : `${prefix}${path}`;

/** Every route the app registers, read from Express's own router stack, with the prefixes routers are mounted on. */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths)
          for (const method of Object.keys(layer.route.methods))
            routes.push({ method: method.toUpperCase(), path: join(prefix, path) });
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
        walk(layer.handle.stack, join(prefix, mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  // A guard registered on a route's path (the admin rule on every `/:id/restore`) is not another route.
  return routes.filter((route, i) => routes.findIndex((r) => r.method === route.method && r.path === route.path) === i);
}

/** A concrete URL for a route pattern: every `:param` becomes 1. */
export function concrete(path: string): string {
  return path.replace(/:[A-Za-z]+/g, '1');
}
