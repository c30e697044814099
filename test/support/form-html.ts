/** The values selected in a form's <select name="…">, read from the rendered page. */
export function selectedValues(html: string, name: string): string[] {
  const select = new RegExp(`<select[^>]*name="${name.replace(/[[\]]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</select>`).exec(
    html,
  );
  if (!select) throw new Error(`No select named ${name}`);
  return [...select[1].matchAll(/<option value="([^"]*)" selected>/g)].map((m) => m[1]);
}

/** The option values of a <select name="…">, empty choice excluded. */
export function optionValues(html: string, name: string): string[] {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!select) throw new Error(`No select named ${name}`);
  return [...select[1].matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
}

/** A form's double-submit token (`_submission`), read from the rendered page. */
export function submissionToken(html: string): string {
  const match = /name="_submission" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No _submission token on the page');
  return match[1];
}

/** The session's CSRF token, read from a rendered page's form. */
export function csrfIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No _csrf token on the page');
  return match[1];
}

/** The stale-edit warning with its table of the other editor's values ('' when absent). */
export function conflictTable(html: string): string {
  return /<div class="alert alert-warning" role="alert" id="conflict">[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? '';
}

/** The message shown beside a field (the partials render it in `<id>-error`). */
export function fieldError(html: string, field: string): string | undefined {
  return new RegExp(`id="${field}-error" class="field-error">([^<]*)<`).exec(html)?.[1];
}
