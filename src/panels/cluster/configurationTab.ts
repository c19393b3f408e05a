/** Configuration: every Spark setting the driver runs with, secret-looking values masked until revealed one by one. */
import * as l10n from '@vscode/l10n';
import { revealSparkValue, sparkConfigEntries } from '../sparkConfig';
import { RequestError } from '../webviewPanelHost';
import type { ClusterTabHost, TabContext } from './tab';

export function configurationTab(ctx: TabContext): ClusterTabHost {
  const post = (): void => {
    const model = ctx.connection()?.model;
    const c = ctx.cluster();
    if (!model || c?.kind !== 'compute') return;
    if (!c.spec) {
      const message = l10n.t('The definition of {0} cannot be read: {1}', c.name, c.problems.map((p) => p.message).join(' '));
      ctx.notify('config.update', { entries: [], error: { message: message.slice(0, 4000), code: 'failed' } });
      return;
    }
    ctx.notify('config.update', {
      entries: sparkConfigEntries(c.spec, model.nodeTypes(c.namespace), ctx.needConnection().computeRenderOptions()).slice(0, 2000),
    });
  };
  const reveal = async ({ key }: { key: string }): Promise<{ value: string }> => {
    const model = ctx.needConnection().model;
    const c = ctx.cluster();
    if (c?.kind !== 'compute' || !c.spec) throw new RequestError(l10n.t('The configuration cannot be read.'), 'not-found');
    const value = revealSparkValue(c.spec, model.nodeTypes(c.namespace), key, ctx.needConnection().computeRenderOptions());
    if (value === undefined) throw new RequestError(l10n.t('{0} is not set.', key), 'not-found');
    return { value: value.slice(0, 20_000) };
  };
  return {
    handlers: { 'config.reveal': reveal },
    show: post,
    post: (shown) => shown && post(),
    clusterChanged: (shown) => shown && post(),
    dispose() {},
  };
}
