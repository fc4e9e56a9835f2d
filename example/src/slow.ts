import { markCurrentLink } from './common';

/** Deliberately slow page: a long main-thread task, a late hero image (the LCP element) and a layout shift. */
markCurrentLink();

// A long task on the main thread, as a heavy framework boot would cause. It starts after the
// first frame is painted, so that it blocks the page after FCP on every run (Total Blocking Time).
function hydrate(): void {
  const started = performance.now();
  let checksum = 0;
  while (performance.now() - started < 450) checksum = (checksum * 31 + 7) % 1000003;
  document.documentElement.dataset.checksum = String(checksum);
}
requestAnimationFrame(() => setTimeout(hydrate, 0));

// The banner and hero come 1.2 s after load. Earlier, near 0.5 s after navigation, Chrome still
// flags shifts as "had recent input" (the emulated viewport change counts as input) and Lighthouse
// counts them only inside its own 500 ms window: CLS would flip between 0 and 0.19 from run to run.
window.addEventListener('load', () => {
  setTimeout(() => {
    // A banner pushed in above the content after load: a layout shift.
    const banner = document.createElement('p');
    banner.className = 'banner';
    banner.textContent = 'Spring sale: 20 % off everything this week.';
    document.querySelector('main')?.prepend(banner);

    // The hero image arrives late and becomes the largest contentful paint.
    const hero = document.createElement('img');
    hero.className = 'hero';
    hero.src = '/assets/hero.png';
    hero.alt = 'A colourful noise pattern standing in for a product photo';
    hero.width = 520;
    hero.height = 520;
    document.getElementById('hero-slot')?.append(hero);
  }, 1200);
});
