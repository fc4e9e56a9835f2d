/** Marks the current page in the navigation; shared by every page bundle. */
export function markCurrentLink(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('header a')) {
    if (link.pathname === location.pathname) link.setAttribute('aria-current', 'page');
  }
}
