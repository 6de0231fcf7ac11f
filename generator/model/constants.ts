/** Constants as the model knows them: value, group, and the liburing version that introduced each. */
import type { ConstantGroup } from '../../schema/language.js';
import type { Loaded } from '../load.js';

export interface ConstantInfo {
  name: string;
  value: number | bigint;
  group: string;
  /** The liburing version whose headers first define it ("0.0" when the schema does not say). */
  since: string;
  kernel?: string;
}

export interface Constants {
  byName: Map<string, ConstantInfo>;
  byGroup: Map<string, ConstantInfo[]>;
  /** A constant by C name; an unknown name is a schema error naming `where`. */
  get(name: string, where: string): ConstantInfo;
  /** Every constant of a group, in schema order. */
  group(name: string, where: string): ConstantInfo[];
}

export function resolveConstants(groups: Loaded<ConstantGroup>[]): Constants {
  const byName = new Map<string, ConstantInfo>();
  const byGroup = new Map<string, ConstantInfo[]>();
  const definedIn = new Map<string, string>();
  for (const g of groups) {
    const list: ConstantInfo[] = [];
    for (const v of g.entry.values) {
      // One fact, one place: a second definition (two branches adding the same constant) is an error, not a silent overwrite.
      const first = definedIn.get(v.name);
      if (first) throw new Error(`${g.file}: group ${g.entry.group}: constant ${v.name} is defined twice (first in ${first}); keep one`);
      definedIn.set(v.name, `${g.file}: group ${g.entry.group}`);
      const info: ConstantInfo = { name: v.name, value: v.value, group: g.entry.group, since: v.since ?? g.entry.since ?? '0.0', kernel: v.kernel };
      byName.set(v.name, info);
      list.push(info);
    }
    byGroup.set(g.entry.group, list);
  }
  return {
    byName,
    byGroup,
    get(name, where) {
      const c = byName.get(name);
      if (!c) throw new Error(`${where}: names constant ${name}, which no schema/constants group defines`);
      return c;
    },
    group(name, where) {
      const g = byGroup.get(name);
      if (!g) throw new Error(`${where}: names constant group ${name}, which schema/constants does not define`);
      return g;
    },
  };
}
