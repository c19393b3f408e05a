/**
 * The workbench a multi-step wizard runs in, as a port: VS Code's QuickInput in the extension
 * (quickInputWizardUi.ts), a scripted fake in tests. No vscode import.
 */

export interface WizardItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
  /** Shown but not choosable; the reason, shown with it and again when it is chosen. */
  readonly disabled?: string;
}

export interface WizardStep {
  readonly title: string;
  /** 1-based position, and how many steps there are (shown as "n/m"). */
  readonly step: number;
  readonly totalSteps: number;
  /** Why the last answer was refused, shown inline until the user changes it. */
  readonly validationMessage?: string;
}

export interface PickStep<T> extends WizardStep {
  readonly placeholder: string;
  readonly items: readonly WizardItem<T>[];
  /** The item to highlight first (the value chosen before, or the default). */
  readonly active?: T;
  /** When set, typed text that matches no item can be chosen as a value of its own. */
  readonly freeText?: { readonly label: (text: string) => string; readonly value: (text: string) => T };
}

export interface InputStep extends WizardStep {
  readonly prompt: string;
  readonly value: string;
  readonly placeholder?: string;
  /** Checked as the user types (the message shows inline) and again when they accept. */
  readonly validate: (text: string) => string | undefined;
}

/** What a step answers: a value, Back, or undefined when the user pressed Escape or closed it. */
export type StepAnswer<T> = { readonly value: T } | 'back' | undefined;

export interface WizardUi {
  pick<T>(step: PickStep<T>): Promise<StepAnswer<T>>;
  input(step: InputStep): Promise<StepAnswer<string>>;
  /** A message when the wizard cannot go on (no cluster to run on). */
  message(text: string): void;
}
