import type { StopSignal } from './context.ts';

/** Splits a list into consecutive batches of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    batches.push(items.slice(start, start + size));
  }
  return batches;
}

/**
 * Gathers the items of every page of an SDK paginator, stopping between pages when the
 * deadline has come (the caller's report is then marked incomplete anyway). `onPage` sees
 * each page's items as they come, for work that need not wait for the last page.
 */
export async function collectPages<Page, Item>(
  pages: AsyncIterable<Page>,
  itemsOf: (page: Page) => Item[] | undefined,
  stop: StopSignal,
  onPage?: (items: readonly Item[]) => void,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) {
    const pageItems = itemsOf(page) ?? [];
    onPage?.(pageItems);
    items.push(...pageItems);
    if (stop.requested) break;
  }
  return items;
}
