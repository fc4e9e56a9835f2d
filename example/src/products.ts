import { markCurrentLink } from './common';

interface Product {
  id: number;
  name: string;
  priceCents: number;
  tags: string[];
}

const ADJECTIVES = ['Quiet', 'Rapid', 'Sturdy', 'Bright', 'Compact', 'Gentle', 'Bold', 'Light', 'Smart', 'Classic'];
const NOUNS = ['Lamp', 'Chair', 'Kettle', 'Backpack', 'Desk', 'Speaker', 'Mug', 'Notebook', 'Jacket', 'Bottle'];
const TAGS = ['home', 'office', 'travel', 'kitchen', 'outdoor'];

/** A deterministic catalogue, so every run renders the same page. */
export function catalogue(count: number): Product[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]}`,
    priceCents: 990 + ((i * 7919) % 20000),
    tags: [TAGS[i % TAGS.length] as string, TAGS[(i * 3) % TAGS.length] as string],
  }));
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

function render(list: HTMLElement, products: Product[]): void {
  list.replaceChildren(
    ...products.map((product) => {
      const item = document.createElement('li');
      item.className = 'card';
      const title = document.createElement('h2');
      title.textContent = product.name;
      const price = document.createElement('p');
      price.className = 'price';
      price.textContent = money.format(product.priceCents / 100);
      const tags = document.createElement('p');
      tags.textContent = product.tags.join(' · ');
      item.append(title, price, tags);
      return item;
    }),
  );
}

markCurrentLink();
const all = catalogue(60);
const list = document.getElementById('products');
const filter = document.getElementById('filter') as HTMLInputElement | null;
/**
 * Slow on purpose, for the demo's user flow and its failing INP budget: the tag buttons "rank"
 * the catalogue in a busy loop that holds the main thread for about 400 ms per click, as an
 * unoptimised filter on a real shop can.
 */
function rankSlowly(): void {
  const end = performance.now() + 400;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  if (x < 0) console.log(x);
}

if (list) {
  render(list, all);
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-tag]')) {
    button.addEventListener('click', () => {
      rankSlowly();
      const tag = button.dataset.tag ?? '';
      render(
        list,
        all.filter((p) => p.tags.includes(tag)),
      );
      list.dataset.filtered = tag;
    });
  }
  filter?.addEventListener('input', () => {
    const query = filter.value.trim().toLowerCase();
    render(list, all.filter((p) => p.name.toLowerCase().includes(query) || p.tags.some((t) => t.includes(query))));
  });
}
