import * as l10n from '@vscode/l10n';
import type { SessionRef, TaskRunParams, TaskSource } from '../../clusters/session/tasks/taskTypes';
import { entryClassProblem, formatArgs, nameFromJar, parseArgs, savepointProblem, taskNameProblem, uniqueName } from './runInputs';
import type { InputStep, PickStep, StepAnswer, WizardItem, WizardUi } from './wizardUi';

/**
 * Run Task: the steps from a jar to a `TaskRunParams`, one QuickInput page each (session cluster,
 * name, entry class, parallelism, arguments, savepoint, non-restored state), with Back, "n/m" and
 * the reason a value is refused shown inline. Escape loses nothing: the answers so far come back
 * as a draft the next open starts from. No vscode import: tests drive it through a fake WizardUi.
 */

/** A session cluster the user could run on, with why not when they cannot (not Running, no rights). */
export interface ClusterChoice extends SessionRef {
  readonly status: string;
  readonly refusal?: string;
}

/** What reading the jar found: the manifest's Main-Class and the classes with a `main` method. */
export interface JarClasses {
  readonly mainClass?: string;
  readonly classesWithMain: readonly string[];
}

/** The answers so far; what a cancelled wizard keeps for its next open. */
export interface RunDraft {
  cluster?: SessionRef;
  name?: string;
  entryClass?: string;
  parallelism?: number;
  args?: readonly string[];
  savepointPath?: string;
  allowNonRestoredState?: boolean;
}

export interface RunWizardInput {
  readonly source: TaskSource;
  readonly clusters: readonly ClusterChoice[];
  /** The cluster the command was invoked on; its step is skipped when it can be run on. */
  readonly preselected?: SessionRef;
  /** Total and free slots, or undefined when they cannot be read. */
  readonly slots: (ref: SessionRef) => Promise<{ readonly total: number; readonly free: number } | undefined>;
  readonly jar?: () => Promise<JarClasses | undefined>;
  /** The runs this workspace remembers (their names are taken unless the run is the same jar on the same cluster). */
  readonly runs: readonly TaskRunParams[];
  /** The last savepoint of the task of that name on that cluster, when known. */
  readonly lastSavepoint: (name: string, ref: SessionRef) => string | undefined;
  readonly draft?: RunDraft;
}

export type RunWizardResult = { readonly params: TaskRunParams } | { readonly cancelled: RunDraft };

type StepId = 'cluster' | 'name' | 'entryClass' | 'parallelism' | 'args' | 'savepoint' | 'nonRestored';
type Outcome = 'next' | 'back' | 'cancel';

const sameRef = (a: SessionRef | undefined, b: SessionRef | undefined): boolean =>
  !!a && !!b && a.namespace === b.namespace && a.cluster === b.cluster;
const sourceText = (s: TaskSource): string => (s.kind === 'jar' ? s.path : s.jarURI);
const sameSource = (a: TaskSource, b: TaskSource): boolean => a.kind === b.kind && sourceText(a) === sourceText(b);

export async function runTaskWizard(ui: WizardUi, input: RunWizardInput): Promise<RunWizardResult> {
  return new RunTaskWizard(ui, input).run();
}

class RunTaskWizard {
  private readonly d: RunDraft;
  private readonly runnable: readonly ClusterChoice[];
  private jarClasses?: Promise<JarClasses | undefined>;
  private readonly slotsOf = new Map<string, Promise<{ total: number; free: number } | undefined>>();
  private readonly title: string;

  constructor(
    private readonly ui: WizardUi,
    private readonly input: RunWizardInput,
  ) {
    this.d = { ...input.draft };
    this.runnable = input.clusters.filter((c) => !c.refusal);
    const pre = input.preselected && this.runnable.find((c) => sameRef(c, input.preselected));
    if (pre) this.d.cluster = { namespace: pre.namespace, cluster: pre.cluster };
    else if (this.d.cluster && !this.runnable.some((c) => sameRef(c, this.d.cluster))) this.d.cluster = undefined;
    const file = sourceText(input.source).split(/[/\\]/).pop() ?? '';
    this.title = l10n.t('Run {0}', file);
  }

  private steps(): StepId[] {
    const pre = this.input.preselected && this.runnable.some((c) => sameRef(c, this.input.preselected));
    return [
      ...(pre ? [] : (['cluster'] as const)),
      'name',
      'entryClass',
      'parallelism',
      'args',
      'savepoint',
      ...(this.d.savepointPath ? (['nonRestored'] as const) : []),
    ];
  }

  async run(): Promise<RunWizardResult> {
    if (!this.runnable.length) {
      this.ui.message(this.noClusterMessage());
      return { cancelled: this.d };
    }
    let i = 0;
    while (i < this.steps().length) {
      const steps = this.steps();
      const outcome = await this.ask(steps[i], i + 1, steps.length);
      if (outcome === 'cancel') return { cancelled: this.d };
      i = outcome === 'back' ? Math.max(0, i - 1) : i + 1;
    }
    const c = this.d.cluster!;
    const params: TaskRunParams = {
      namespace: c.namespace,
      cluster: c.cluster,
      name: this.d.name!,
      source: this.input.source,
      entryClass: this.d.entryClass || undefined,
      args: [...(this.d.args ?? [])],
      parallelism: this.d.parallelism,
      savepointPath: this.d.savepointPath || undefined,
      allowNonRestoredState: this.d.savepointPath ? !!this.d.allowNonRestoredState : undefined,
      ...(this.input.source.kind === 'uri' ? { upgradeMode: 'savepoint' as const } : {}),
    };
    return { params };
  }

  private noClusterMessage(): string {
    const running = this.input.clusters.filter((c) => c.status === 'Running');
    if (!running.length) return l10n.t('No session cluster is Running. Start one, then run the task.');
    return l10n.t('You may not run tasks on any Running session cluster: {0}', [...new Set(running.map((c) => c.refusal))].join(' '));
  }

  private async ask(id: StepId, step: number, totalSteps: number): Promise<Outcome> {
    const at = { title: this.title, step, totalSteps };
    switch (id) {
      case 'cluster':
        return this.pickStep({ ...at, ...this.clusterStep() }, (v) => (this.d.cluster = v));
      case 'name':
        return this.inputStep({ ...at, ...this.nameStep() }, (v) => (this.d.name = v));
      case 'entryClass':
        return this.pickStep({ ...at, ...(await this.entryClassStep()) }, (v) => (this.d.entryClass = v));
      case 'parallelism':
        return this.inputStep({ ...at, ...(await this.parallelismStep()) }, (v) => (this.d.parallelism = Number(v)));
      case 'args':
        return this.inputStep(
          {
            ...at,
            prompt: l10n.t('Program arguments, as on a command line: quote an argument that holds spaces.'),
            placeholder: l10n.t('--input s3://bucket/in --window "5 minutes"'),
            value: formatArgs(this.d.args ?? []),
            validate: (text) => {
              const r = parseArgs(text);
              return 'error' in r ? r.error : undefined;
            },
          },
          (v) => (this.d.args = (parseArgs(v) as { args: string[] }).args),
        );
      case 'savepoint':
        return this.pickStep({ ...at, ...this.savepointStep() }, (v) => (this.d.savepointPath = v || undefined));
      case 'nonRestored':
        return this.pickStep(
          {
            ...at,
            placeholder: l10n.t('If the savepoint holds state no operator of this jar claims'),
            items: [
              {
                label: l10n.t('Refuse to start'),
                detail: l10n.t('The safe choice: nothing in the savepoint is dropped silently.'),
                value: false,
              },
              {
                label: l10n.t('Allow non-restored state'),
                detail: l10n.t('Start anyway and drop the state of operators that no longer exist.'),
                value: true,
              },
            ],
            active: !!this.d.allowNonRestoredState,
          },
          (v) => (this.d.allowNonRestoredState = v),
        );
    }
  }

  /** Asks until the answer is valid (the reason shown inline), Back, or Escape. */
  private async pickStep<T>(
    step: Omit<PickStep<T>, 'validationMessage'> & { validate?: (v: T) => string | undefined },
    set: (v: T) => void,
  ): Promise<Outcome> {
    let validationMessage: string | undefined;
    for (;;) {
      const answer: StepAnswer<T> = await this.ui.pick({ ...step, validationMessage });
      if (answer === undefined) return 'cancel';
      if (answer === 'back') return 'back';
      const item = step.items.find((i) => Object.is(i.value, answer.value));
      validationMessage = item?.disabled ?? step.validate?.(answer.value);
      if (validationMessage === undefined) {
        set(answer.value);
        return 'next';
      }
    }
  }

  private async inputStep(step: Omit<InputStep, 'validationMessage'>, set: (v: string) => void): Promise<Outcome> {
    let validationMessage: string | undefined;
    let value = step.value;
    for (;;) {
      const answer = await this.ui.input({ ...step, value, validationMessage });
      if (answer === undefined) return 'cancel';
      if (answer === 'back') return 'back';
      validationMessage = step.validate(answer.value.trim());
      if (validationMessage === undefined) {
        set(answer.value.trim());
        return 'next';
      }
      value = answer.value;
    }
  }

  private clusterStep(): Omit<PickStep<SessionRef>, 'title' | 'step' | 'totalSteps'> {
    const items: WizardItem<SessionRef>[] = this.input.clusters.map((c) => ({
      label: c.cluster,
      description: `${c.status} · ${c.namespace}`,
      detail: c.refusal,
      disabled: c.refusal,
      value: { namespace: c.namespace, cluster: c.cluster },
    }));
    items.sort((a, b) => Number(!!a.disabled) - Number(!!b.disabled));
    const active = items.find((i) => sameRef(i.value, this.d.cluster))?.value;
    return { placeholder: l10n.t('The session cluster to run the task on'), items, active };
  }

  private nameStep(): Omit<InputStep, 'title' | 'step' | 'totalSteps'> {
    const cluster = this.d.cluster!;
    const conflict = (name: string) =>
      this.input.runs.find((r) => r.name === name && !(sameSource(r.source, this.input.source) && sameRef(r, cluster)));
    const fallback = uniqueName(nameFromJar(sourceText(this.input.source)), (n) => !!conflict(n));
    return {
      prompt: l10n.t('The task name: lowercase letters, digits and hyphens. Run Again finds the task by it.'),
      value: this.d.name ?? fallback,
      validate: (text) => {
        const problem = taskNameProblem(text);
        if (problem) return problem;
        const other = conflict(text);
        return other
          ? l10n.t(
              'This workspace already has a task named {0} (on {1}, from another jar or cluster); choose another name.',
              text,
              other.cluster,
            )
          : undefined;
      },
    };
  }

  private async entryClassStep(): Promise<Omit<PickStep<string>, 'title' | 'step' | 'totalSteps'>> {
    this.jarClasses ??= this.input.jar?.().catch(() => undefined) ?? Promise.resolve(undefined);
    const jar = await this.jarClasses;
    const items: WizardItem<string>[] = [];
    if (jar?.mainClass) items.push({ label: jar.mainClass, description: l10n.t('Main-Class of the manifest'), value: jar.mainClass });
    for (const c of jar?.classesWithMain ?? [])
      if (c !== jar?.mainClass) items.push({ label: c, description: l10n.t('has a main method'), value: c });
    if (!jar?.mainClass && this.input.source.kind === 'uri')
      items.push({ label: l10n.t('The Main-Class of the jar'), description: l10n.t('read by Flink from the manifest'), value: '' });
    if (this.d.entryClass && !items.some((i) => i.value === this.d.entryClass))
      items.unshift({ label: this.d.entryClass, description: l10n.t('entered before'), value: this.d.entryClass });
    return {
      placeholder: items.length
        ? l10n.t('The class whose main method starts the job (or type one)')
        : l10n.t('No class with a main method was found in the jar: type the fully qualified class name'),
      items,
      active: this.d.entryClass ?? items[0]?.value,
      freeText: { label: (text) => l10n.t('Use {0}', text), value: (text) => text.trim() },
      validate: (v: string) =>
        v !== ''
          ? entryClassProblem(v)
          : items.some((i) => i.value === '')
            ? undefined
            : l10n.t('Choose or type the class that starts the job.'),
    } as Omit<PickStep<string>, 'title' | 'step' | 'totalSteps'>;
  }

  private async parallelismStep(): Promise<Omit<InputStep, 'title' | 'step' | 'totalSteps'>> {
    const c = this.d.cluster!;
    const key = `${c.namespace}/${c.cluster}`;
    if (!this.slotsOf.has(key))
      this.slotsOf.set(
        key,
        this.input.slots(c).catch(() => undefined),
      );
    const slots = await this.slotsOf.get(key)!;
    return {
      prompt: slots
        ? l10n.t('Parallelism: {0} of {1} slots free on {2}.', slots.free, slots.total, c.cluster)
        : l10n.t('Parallelism: the free slots of {0} cannot be read now.', c.cluster),
      value: String(this.d.parallelism ?? 1),
      validate: (text) => {
        if (!/^\d+$/.test(text) || Number(text) < 1) return l10n.t('Enter a whole number of 1 or more.');
        if (slots && Number(text) > slots.free)
          return slots.free === 0
            ? l10n.t('No slot of {0} is free: stop a task first.', c.cluster)
            : l10n.t('Only {0} of {1} slots are free on {2}.', slots.free, slots.total, c.cluster);
        return undefined;
      },
    };
  }

  private savepointStep(): Omit<PickStep<string>, 'title' | 'step' | 'totalSteps'> & { validate: (v: string) => string | undefined } {
    const last = this.input.lastSavepoint(this.d.name!, this.d.cluster!);
    const items: WizardItem<string>[] = [{ label: l10n.t('No savepoint'), description: l10n.t('start from a clean state'), value: '' }];
    if (last) items.push({ label: last, description: l10n.t('the last savepoint of {0}', this.d.name!), value: last });
    if (this.d.savepointPath && this.d.savepointPath !== last)
      items.push({ label: this.d.savepointPath, description: l10n.t('entered before'), value: this.d.savepointPath });
    return {
      placeholder: l10n.t('Restore from a savepoint (or type its path)'),
      items,
      active: this.d.savepointPath ?? '',
      freeText: { label: (text) => l10n.t('Use {0}', text), value: (text) => text.trim() },
      validate: (v) => (v === '' ? undefined : savepointProblem(v)),
    };
  }
}
