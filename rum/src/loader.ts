// Inline loader: loads the full snippet after the page's load event. Paste as
// <script data-src="/perfgate-rum.js" data-endpoint="/rum">…minified loader…</script>
// Every data-* attribute is handed on to the snippet's script tag.
((d, w) => {
  const me = d.currentScript as HTMLScriptElement | null;
  const go = () => {
    try {
      const s = d.createElement('script');
      s.async = true;
      Object.assign(s.dataset, me?.dataset);
      s.src = me?.dataset.src as string;
      d.head.appendChild(s);
    } catch {
      // never break the page
    }
  };
  if (d.readyState === 'complete') go();
  else w.addEventListener('load', go);
})(document, window);
