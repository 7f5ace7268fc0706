// The parameter form of Train and Evaluate: a searchable quick pick of every parameter, grouped, its value and
// default shown; a parameter is edited in an input box that checks the value as the CLI would, as it is typed.
import * as vscode from 'vscode';
import {
  changedValues,
  describeParam,
  valueError,
  type EditableParam,
  type Preset,
} from '../core/train-params';

type FormItem = vscode.QuickPickItem & {
  action: 'start' | 'preset' | 'param';
  name?: string;
  preset?: Preset;
};

export interface FormOptions {
  title: string;
  start: string;
  params: readonly EditableParam[];
  /** Values to start from, by name (the others hold their defaults). */
  initial?: Readonly<Record<string, string>>;
  presets?: readonly Preset[];
  /** The operation's name, for the title of its group. */
  operation?: string;
}

/** Shows the form until the user starts or cancels; the values that differ from the defaults, or undefined. */
export async function editParams(options: FormOptions): Promise<Record<string, string> | undefined> {
  const { params, presets = [] } = options;
  const defaults = Object.fromEntries(params.map((p) => [p.name, String(p.spec.default)]));
  const values: Record<string, string> = { ...defaults, ...options.initial };
  let filter = '';
  let focus: string | undefined;
  for (;;) {
    const picked = await pick(options, values, defaults, presets, filter, focus);
    if (!picked) return undefined;
    filter = picked.filter;
    const { item } = picked;
    if (item.action === 'start') return changedValues(params, values);
    if (item.action === 'preset' && item.preset) {
      Object.assign(values, defaults, item.preset.values);
      continue;
    }
    const param = params.find((p) => p.name === item.name);
    if (!param) continue;
    focus = param.name;
    const value = await editValue(param, values[param.name]);
    if (value !== undefined) values[param.name] = value;
  }
}

function pick(
  options: FormOptions,
  values: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>>,
  presets: readonly Preset[],
  filter: string,
  focus: string | undefined,
): Promise<{ item: FormItem; filter: string } | undefined> {
  const changed = Object.keys(changedValues(options.params, values));
  const items: FormItem[] = [
    {
      action: 'start',
      label: `$(play) ${options.start}`,
      description: changed.length
        ? `with ${changed.map((name) => `${name}=${values[name]}`).join(', ')}`
        : 'defaults',
      alwaysShow: true,
    },
    ...presets.map((preset) => ({
      action: 'preset' as const,
      label: `$(settings) Preset: ${preset.label}`,
      detail: preset.detail,
      preset,
    })),
  ];
  let group: string | undefined;
  for (const param of options.params) {
    if (param.group !== group) {
      group = param.group;
      const title = group === 'operation' ? `operation ${options.operation ?? ''}`.trim() : group;
      items.push({ action: 'param', label: title, kind: vscode.QuickPickItemKind.Separator });
    }
    const isChanged = values[param.name] !== defaults[param.name];
    items.push({
      action: 'param',
      name: param.name,
      label: `${isChanged ? '$(edit) ' : ''}${param.name}`,
      description: isChanged
        ? `= ${values[param.name]}   (default ${defaults[param.name]})`
        : `= ${values[param.name]}`,
      detail: describeParam(param),
    });
  }
  const quickPick = vscode.window.createQuickPick<FormItem>();
  quickPick.title = `${options.title}: pick a parameter to change it (type to search), then ${options.start}`;
  quickPick.placeholder = 'enc_emb_dim, epoch_size, max_epoch, ...';
  quickPick.items = items;
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.ignoreFocusOut = true;
  quickPick.value = filter;
  const focused = items.find((item) => item.name === focus);
  if (focused) quickPick.activeItems = [focused];
  return new Promise((resolve) => {
    let result: { item: FormItem; filter: string } | undefined;
    quickPick.onDidAccept(() => {
      const [item] = quickPick.selectedItems;
      if (item) result = { item, filter: item.action === 'param' ? quickPick.value : '' };
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(result);
    });
    quickPick.show();
  });
}

/** A new value for `param`: a pick for booleans and fixed choices, else an input box checked as it is typed. */
async function editValue(param: EditableParam, current: string): Promise<string | undefined> {
  const choices = param.spec.type === 'bool' ? ['true', 'false'] : param.spec.options;
  if (choices) {
    const picked = await vscode.window.showQuickPick(
      choices.map((choice) => ({ label: choice, description: choice === current ? 'current' : undefined })),
      { title: param.name, placeHolder: describeParam(param), ignoreFocusOut: true },
    );
    return picked?.label;
  }
  return vscode.window.showInputBox({
    title: param.name,
    prompt: describeParam(param),
    value: current,
    ignoreFocusOut: true,
    validateInput: (text) => valueError(param, text),
  });
}
