import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DESKTOP, mainPages, newContext, newLoggedInPage, PHONE, useBrowserApp, visit } from '../support/browser';

const app = useBrowserApp();
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Finding {
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page; injected through the DevTools protocol, which the app's CSP does not govern. */
async function axeFindings(page: Page): Promise<Finding[]> {
  await page.evaluate(AXE_SOURCE);
  const { violations, passed } = await page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: Violation[]; passes: unknown[] }> };
      }
    ).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return { violations: results.violations, passed: results.passes.length };
  });
  expect(passed).toBeGreaterThan(10); // axe really ran its rules on this page
  return violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

describe('accessibility (axe-core)', () => {
  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)('finds no serious or critical violation on the main pages at %s width', async (label, viewport) => {
    const [{ id: negotiationId }] = await app.db.query(
      `SELECT id FROM negotiations WHERE title = 'Storskog crossings and readmission'`,
    );
    const pages = [...(await mainPages(app.db)), { name: 'negotiation', path: `/negotiations/${negotiationId}` }];
    const options = { viewport, isMobile: label === 'phone' };
    const visitor = await newContext(app, options);
    const manager = await newLoggedInPage(app, 'manager@demo.test', options);
    const findings: Record<string, Finding[]> = {};
    try {
      const anonymous = await visitor.newPage();
      for (const { path, public: open } of pages) {
        const page = open ? anonymous : manager.page;
        await visit(page, app, path);
        const found = await axeFindings(page);
        if (found.length) findings[path] = found;
      }
    } finally {
      await visitor.close();
      await manager.context.close();
    }
    const serious = Object.fromEntries(
      Object.entries(findings)
        .map(([path, list]) => [path, list.filter((f) => f.impact === 'serious' || f.impact === 'critical')] as const)
        .filter(([, list]) => list.length),
    );
    expect(serious).toEqual({});
    // Moderate and minor findings are allowed but must stay visible in the output.
    const minor = Object.entries(findings).flatMap(([path, list]) =>
      list.map((f) => `${path} ${f.impact} ${f.rule} ×${f.targets.length}`),
    );
    if (minor.length) console.info(`axe, ${label}: findings below serious\n${minor.join('\n')}`);
    expect(pages).toHaveLength(11);
  });
});
