// Live feed of the latest verdicts: newest first, at most 20, new items prepend with a flash.

import { h, link } from './dom';
import { outcomeChip, refreshRelativeTimes, timeAgo } from './format';
import { FEED_LENGTH } from './live';
import type { VerdictFeedItem } from './types';

export class VerdictFeed {
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly timer: number;

  constructor() {
    this.list = h('ul', { class: 'feed-list', 'data-testid': 'verdict-feed', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    this.empty = h('p', { class: 'empty' }, 'No verdicts recorded yet.');
    this.el = h('section', { class: 'feed panel', 'aria-labelledby': 'feed-title' },
      h('h2', { id: 'feed-title' }, 'Latest verdicts'), this.list, this.empty);
    this.timer = window.setInterval(() => refreshRelativeTimes(this.list), 30_000);
  }

  render(items: readonly VerdictFeedItem[]): void {
    this.list.replaceChildren(...items.map((i) => this.item(i)));
    this.empty.hidden = items.length > 0;
  }

  /** Prepends new items (given newest first) and trims to 20. */
  prepend(items: readonly VerdictFeedItem[]): void {
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (!item) continue;
      if (this.list.querySelector(`li[data-verdict-id="${item.verdict.id}"]`)) continue;
      const li = this.item(item);
      li.classList.add('flash');
      window.setTimeout(() => li.classList.remove('flash'), 2000);
      this.list.prepend(li);
    }
    while (this.list.children.length > FEED_LENGTH) this.list.lastElementChild?.remove();
    this.empty.hidden = this.list.children.length > 0;
  }

  destroy(): void { window.clearInterval(this.timer); }

  private item(item: VerdictFeedItem): HTMLLIElement {
    const v = item.verdict;
    const text = h('span', { class: 'feed-claim', title: item.claimText }, item.claimText);
    return h('li', { 'data-verdict-id': v.id, 'data-claim-id': item.claimId },
      h('div', { class: 'feed-top' },
        outcomeChip(v.outcome),
        link(`/sources/${item.sourceId}`, item.sourceName, { class: 'feed-source' }),
        timeAgo(v.recordedAt)),
      text,
      h('span', { class: 'feed-who muted' }, `by ${v.recordedBy}`));
  }
}
