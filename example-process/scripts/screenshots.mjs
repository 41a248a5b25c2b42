// Drives the demo app for screenshots: REST to run the processes, Chromium for the pictures.
import { chromium } from 'playwright-core';

const base = process.env.BASE;
const auth = 'Basic ' + Buffer.from('demo:demo').toString('base64');
const rest = async (method, path, body) => {
  const res = await fetch(base + '/engine-rest' + path, {
    method, headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
};
const vars = o => ({ variables: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { value: v }])) });
const sleep = ms => new Promise(r => setTimeout(r, ms));
const tasks = async (pi) => {
  for (let i = 0; i < 60; i++) {
    const t = await rest('GET', `/task?processInstanceId=${pi}`);
    if (t.length) return t;
    await sleep(500);
  }
  return [];
};

// One run of each process, so Cockpit has something to show; the access request and the offboarding are
// left waiting (for the approver, and for the 30-day retention timer).
const someone = (await rest('GET', '/user?maxResults=1&memberOfGroup=entraidsyncdefault'))[0];
const onboarding = await rest('POST', '/process-definition/key/entra-onboarding/start',
  vars({ givenName: 'Grace', surname: 'Hopper', userPrincipalName: 'grace.hopper@contoso.onmicrosoft.com',
         department: 'Engineering', groups: 'Approvers' }));
for (const t of await tasks(onboarding.id)) await rest('POST', `/task/${t.id}/complete`, { variables: {} });
const access = await rest('POST', '/process-definition/key/entra-access-request/start',
  vars({ userPrincipalName: someone.email, group: 'Managers' }));
await tasks(access.id);
await rest('POST', '/process-definition/key/entra-offboarding/start', vars({ userPrincipalName: 'grace.hopper@contoso.onmicrosoft.com' }));
await rest('POST', '/process-definition/key/entra-directory-sync/start', { variables: {} });
await sleep(3000);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
await page.goto(base + '/camunda/app/cockpit/default/');
await page.locator('input[type=text]').first().fill('demo');
await page.locator('input[type=password]').first().fill('demo');
await page.keyboard.press('Enter');
await page.waitForTimeout(3000);
await page.screenshot({ path: 'docs/cockpit-dashboard.png' });
await page.goto(base + '/camunda/app/cockpit/default/#/processes');
await page.waitForTimeout(3000);
await page.screenshot({ path: 'docs/cockpit-processes.png' });
for (const key of ['entra-onboarding', 'entra-offboarding', 'entra-access-request', 'entra-directory-sync']) {
  const [definition] = await rest('GET', `/process-definition?key=${key}&latestVersion=true`);
  await page.goto(base + `/camunda/app/cockpit/default/#/process-definition/${definition.id}/runtime`);
  await page.waitForTimeout(4000);
  await page.screenshot({ path: `docs/${key}.png` });
}

// Admin's Entra ID connections page: 'default' (configuration) tested, a stored 'hr' whose secret is wrong
// (its test shows the diagnosis), and the form diagnosing a Secret ID pasted instead of the Value.
const [configured] = await rest('GET', '/entraid/connections');
const { TenantID, ClientID, AuthorityHost, GraphEndpoint } = configured.parameters;
await rest('POST', '/entraid/connections', { name: 'hr', parameters: { TenantID, ClientID, AuthorityHost, GraphEndpoint,
  ClientSecret: 'an-expired-secret-value~0123456789abcdef' }, settings: { policy: { processes: 'hr-*' } } });
await page.goto(base + '/camunda/app/admin/default/#/entraid-connections');
await page.waitForSelector('tr[data-connection="hr"]');
await page.click('tr[data-connection="hr"] .entraid-test');
await page.waitForSelector('.entraid-token-failed');
await page.click('tr[data-connection="default"] .entraid-test');
await page.waitForSelector('.entraid-granted');
await page.screenshot({ path: 'docs/admin-connections.png' });
await page.click('.entraid-add');
await page.fill('#entraid-Name', 'payroll');
await page.fill('#entraid-TenantID', TenantID);
await page.fill('#entraid-ClientID', ClientID);
await page.fill('#entraid-ClientSecret', '3f1c2a9e-7b4d-4e2a-9c1f-5d6e7f8a9b0c');
await page.waitForSelector('.form-group.has-error[data-key="ClientSecret"] .entraid-problem div');
await page.screenshot({ path: 'docs/admin-connection-form.png' });
await browser.close();
