// The demo's user flow: open the products page, filter it by a tag (an interaction, so lab INP),
// and take a snapshot of the filtered list. perfgate runs it with Lighthouse's user-flow API.
export default async function (flow, { page, baseUrl }) {
  await flow.navigate(`${baseUrl}/products/`, { name: 'open products' });
  await flow.startTimespan({ name: 'filter by tag' });
  await page.click('[data-tag="kitchen"]');
  await page.waitForSelector('#products[data-filtered="kitchen"]');
  await flow.endTimespan();
  await flow.snapshot({ name: 'filtered list' });
}
