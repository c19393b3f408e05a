import * as vscode from 'vscode';
import { prompts } from '../prompts';
import type { InputStep, PickStep, StepAnswer, WizardItem, WizardUi } from './wizardUi';

type Item<T> = vscode.QuickPickItem & { readonly value?: { v: T }; readonly text?: string; readonly disabled?: string };

/** The wizard on VS Code's QuickInput: one page per step, a Back button after the first, validation inline. */
export const quickInputWizardUi: WizardUi = {
  pick<T>(step: PickStep<T>): Promise<StepAnswer<T>> {
    return new Promise((resolve) => {
      const qp = vscode.window.createQuickPick<Item<T>>();
      qp.title = step.title;
      qp.step = step.step;
      qp.totalSteps = step.totalSteps;
      qp.ignoreFocusOut = true;
      qp.matchOnDescription = true;
      qp.placeholder = step.validationMessage ?? step.placeholder;
      qp.buttons = step.step > 1 ? [vscode.QuickInputButtons.Back] : [];
      const fixed: Item<T>[] = step.items.map((i: WizardItem<T>) => ({
        label: i.disabled ? `$(circle-slash) ${i.label}` : i.label,
        description: i.description,
        detail: i.detail,
        value: { v: i.value },
        disabled: i.disabled,
      }));
      const refresh = (): void => {
        const text = qp.value.trim();
        const typed =
          step.freeText && text && !step.items.some((i) => i.label === text)
            ? [{ label: step.freeText.label(text), text, alwaysShow: true } as Item<T>]
            : [];
        qp.items = [...typed, ...fixed];
      };
      refresh();
      const active = fixed.find((i) => i.value && Object.is(i.value.v, step.active));
      if (active) qp.activeItems = [active];
      let done = false;
      const finish = (answer: StepAnswer<T>): void => {
        if (done) return;
        done = true;
        resolve(answer);
        qp.dispose();
      };
      qp.onDidChangeValue(() => {
        refresh();
        qp.placeholder = step.placeholder;
      });
      qp.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish('back'));
      qp.onDidAccept(() => {
        const chosen = qp.activeItems[0];
        if (!chosen) return;
        if (chosen.disabled) {
          // Stays open, saying why; the wizard would refuse it the same way.
          qp.placeholder = chosen.disabled;
          return;
        }
        if (chosen.text !== undefined && step.freeText) finish({ value: step.freeText.value(chosen.text) });
        else if (chosen.value) finish({ value: chosen.value.v });
      });
      qp.onDidHide(() => finish(undefined));
      qp.show();
    });
  },

  input(step: InputStep): Promise<StepAnswer<string>> {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      box.title = step.title;
      box.step = step.step;
      box.totalSteps = step.totalSteps;
      box.ignoreFocusOut = true;
      box.prompt = step.prompt;
      box.placeholder = step.placeholder;
      box.value = step.value;
      box.validationMessage = step.validationMessage;
      box.buttons = step.step > 1 ? [vscode.QuickInputButtons.Back] : [];
      let done = false;
      const finish = (answer: StepAnswer<string>): void => {
        if (done) return;
        done = true;
        resolve(answer);
        box.dispose();
      };
      box.onDidChangeValue((v) => (box.validationMessage = step.validate(v.trim())));
      box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish('back'));
      box.onDidAccept(() => {
        const problem = step.validate(box.value.trim());
        if (problem) box.validationMessage = problem;
        else finish({ value: box.value });
      });
      box.onDidHide(() => finish(undefined));
      box.show();
    });
  },

  message: (text) => void prompts().info(text),
};
