/** The values selected in a form's <select name="…">, read from the rendered page. */
export function selectedValues(html: string, name: string): string[] {
  const select = new RegExp(`<select[^>]*name="${name.replace(/[[\]]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!select) throw new Error(`No select named ${name}`);
  return [...select[1].matchAll(/<option value="([^"]*)" selected>/g)].map((m) => m[1]);
}

/** The option values of a <select name="…">, empty choice excluded. */
export function optionValues(html: string, name: string): string[] {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!select) throw new Error(`No select named ${name}`);
  return [...select[1].matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
}

export function submissionToken(html: string): string {
  return /name="_submission" value="([^"]+)"/.exec(html)![1];
}

/** The message shown beside a field (the partials render it in `<id>-error`). */
export function fieldError(html: string, field: string): string | undefined {
  return new RegExp(`id="${field}-error" class="field-error">([^<]*)<`).exec(html)?.[1];
}
