// A registered operation as data, for `operations:list --json` and `operations:show` (and the editor extension).
import type { OperationEntry } from '../core/registry/operation-meta';
import type { ParamRange, ParamType, ParamValue } from '../operations/parameters';

export interface OperationDescription {
  name: string;
  plugin: string;
  summary: string;
  generates: boolean;
  params: Array<{
    name: string;
    type: ParamType;
    default: ParamValue;
    help: string;
    options?: readonly string[];
    range?: ParamRange;
  }>;
}

export function describeOperation(entry: OperationEntry): OperationDescription {
  return {
    name: entry.meta.name,
    plugin: entry.plugin,
    summary: entry.meta.summary,
    generates: entry.meta.generates !== false,
    params: Object.entries(entry.meta.params ?? {}).map(([name, spec]) => ({ name, ...spec })),
  };
}
