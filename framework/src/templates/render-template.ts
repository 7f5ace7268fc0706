// Renders a template folder (templates/plugin, templates/operation) into a destination; shared with the VS Code extension.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The values substituted for `{{key}}` in file contents and `__key__` in file and folder names. */
export type TemplateVariables = Readonly<Record<string, string>>;

const CONTENT_PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;
const NAME_PLACEHOLDER = /__([A-Za-z][A-Za-z0-9]*)__/g;

/** Replaces every `{{key}}` in `text`; a key without a value is an error naming it and `where`. */
export function renderText(text: string, variables: TemplateVariables, where: string): string {
  return text.replace(CONTENT_PLACEHOLDER, (_match, key: string) => valueOf(key, variables, where));
}

/** Replaces every `__key__` in a relative path. */
export function renderPath(relativePath: string, variables: TemplateVariables): string {
  return relativePath.replace(NAME_PLACEHOLDER, (_match, key: string) =>
    valueOf(key, variables, relativePath),
  );
}

/**
 * Renders every file under `templateDir` into `destination` and returns the paths written (relative to
 * `destination`, sorted). Nothing is written when one of the files already exists.
 */
export function renderTemplate(
  templateDir: string,
  destination: string,
  variables: TemplateVariables,
): string[] {
  const files = listFiles(templateDir).map((relative) => ({
    source: path.join(templateDir, relative),
    target: renderPath(relative, variables),
  }));
  const existing = files.filter((f) => fs.existsSync(path.join(destination, f.target)));
  if (existing.length > 0) {
    throw new Error(
      `refusing to overwrite ${existing.map((f) => path.join(destination, f.target)).join(', ')}`,
    );
  }
  const rendered = files.map((f) => ({
    target: f.target,
    text: renderText(fs.readFileSync(f.source, 'utf8'), variables, f.source),
  }));
  for (const { target, text } of rendered) {
    fs.mkdirSync(path.dirname(path.join(destination, target)), { recursive: true });
    fs.writeFileSync(path.join(destination, target), text);
  }
  return rendered.map((f) => f.target).sort();
}

function valueOf(key: string, variables: TemplateVariables, where: string): string {
  const value = variables[key];
  if (value === undefined) throw new Error(`${where}: no value for the template variable "${key}"`);
  return value;
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? listFiles(dir, relative) : [relative];
  });
}
