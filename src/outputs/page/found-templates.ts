// eta finds a named template's file on every render (a JSON cache key, then path work) before it
// asks its cache of compiled templates. With readings that move, every card and variables section
// of 576 UPSes is drawn each cycle, about ten templates each: drawing that page anew took 75–78 ms
// under npm start's flags, and 59–61 ms with each name found and compiled once, per file that
// names it, as here (issue 11, Scale).

import { Eta, type Options, type TemplateFunction } from 'eta';

interface Found {
  template: TemplateFunction;
  filepath: string;
}

export class FoundTemplates extends Eta {
  /** By the file of the template that names it ('' for a render from outside), then by name. */
  readonly #found = new Map<string, Map<string, Found>>();

  #find(name: string, options: Partial<Options>): Found {
    const from = options.filepath ?? '';
    let named = this.#found.get(from);
    if (!named) {
      named = new Map();
      this.#found.set(from, named);
    }
    let found = named.get(name);
    if (!found) {
      const filepath = this.resolvePath(name, options);
      found = { template: this.#compiled(filepath, options), filepath };
      named.set(name, found);
    }
    return found;
  }

  /** A file's compiled template, kept in eta's own store by path: one per file, whoever names it. */
  #compiled(filepath: string, options: Partial<Options>): TemplateFunction {
    const kept = this.templatesSync.get(filepath);
    if (kept) return kept;
    const template = this.compile(this.readFile(filepath), { ...options, filepath, async: false });
    this.templatesSync.define(filepath, template);
    return template;
  }

  /** What render(name, data, options) gives, the template's file found once. */
  draw(name: string, data: object, options: Partial<Options> = {}): string {
    const { template, filepath } = this.#find(name, options);
    return this.render(template, data, { ...options, filepath });
  }
}
