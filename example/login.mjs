// The demo's login: perfgate runs it once before measuring the account page (never measured itself),
// and every measured run of that page starts with the session cookie it leaves.
export default async function ({ page, baseUrl, env }) {
  await page.goto(`${baseUrl}/login/`);
  await page.type('#user', env.EXAMPLE_USER ?? 'demo');
  await page.type('#password', env.EXAMPLE_PASSWORD ?? 'perfgate');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}
