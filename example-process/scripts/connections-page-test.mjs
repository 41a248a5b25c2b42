// Browser test of Admin's "Entra ID connections" page (issue #19), driven by ConnectionsPageIT through
// connections-page-test.sh: headless Chromium (Debian's) with playwright-core. One phase per run:
//   create  add 'hr' with the Secret ID as secret (diagnosed inline and refused on save), fix it, save, test it,
//           deploy page-hr-check and run it on 'hr', limit 'hr' to page-* (edit), test again (the process can run)
//   rotate  rotate the secret through the page while 50 instances of page-hr-check are running
//   delete  show the history of 'hr' (audit); delete it (the page warns that page-hr-check uses it); a request
//           without the CSRF token is refused; a user outside camunda-admin sees no connection data
//   certificate  add 'hr-cert' with a certificate file: the public .cer alone is diagnosed inline, the PEM with its
//           key is uploaded (read in the browser, sent by content), saved, shown by subject and thumbprint, tested;
//           edited without touching the certificate; rotated to a password-protected PFX, tested again
// Each phase writes what it saw to $REPORT (JSON), including a scan of every connection API response, console
// line and the final page for the secrets and a line of the certificate's private key (with positive controls:
// the scan finds the TenantID, and the certificate phase sees the key line in what the page sends: validate and create).
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';

const env = process.env;
const phase = process.argv[2];
const base = env.BASE;
const page_ = '/camunda/app/admin/default/#/entraid-connections';
const secrets = [env.CLIENT_SECRET, env.NEW_CLIENT_SECRET, env.PRIVATE_KEY_LINE, env.CERT_PFX_PASSWORD];
const report = { phase };
const seen = { responses: 0, leaks: [], tenantSeen: false, keyUploads: 0 };

const basic = 'Basic ' + Buffer.from(`${env.ADMIN_USER}:${env.ADMIN_PASSWORD}`).toString('base64');
async function rest(method, path, body, headers = {}) {
  const res = await fetch(base + '/engine-rest' + path, {
    method, body,
    headers: { Authorization: basic, ...(typeof body === 'string' ? { 'Content-Type': 'application/json' } : {}), ...headers },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
const count = async (path) => (await rest('GET', path)).count;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, probe, seconds = 120) {
  for (const end = Date.now() + seconds * 1000; Date.now() < end; await sleep(250)) {
    const value = await probe();
    if (value) return value;
  }
  throw new Error('timed out waiting for ' + what);
}
const startInstance = () => rest('POST', '/process-definition/key/page-hr-check/start',
  JSON.stringify({ variables: { upn: { value: env.UPN } } }));
const finished = () => count('/history/process-instance/count?processDefinitionKey=page-hr-check&finished=true');

function scan(where, text) {
  if (!text) return;
  for (const s of secrets) if (s && text.includes(s)) seen.leaks.push(where);
  if (text.includes(env.TENANT_ID)) seen.tenantSeen = true;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });

async function open(user, password) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => scan('console', m.text()));
  page.on('request', (r) => {
    if (r.url().includes('/camunda/api/admin/plugin/entraid/default/') && (r.postData() || '').includes(env.PRIVATE_KEY_LINE)) seen.keyUploads++;
  });
  page.on('response', async (r) => {
    if (!r.url().includes('/camunda/api/admin/plugin/entraid/default/')) return; // the page's API
    seen.responses++;
    scan(`${r.request().method()} ${r.url()}`, await r.text().catch(() => ''));
  });
  await page.goto(base + page_);
  await page.locator('input[type=text]').first().fill(user);
  await page.locator('input[type=password]').first().fill(password);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.entraid-connections .section-content');
  return page;
}
/** Opens the form for a new connection and fills in everything but the credential. */
async function addConnection(page, name) {
  await page.click('.entraid-add');
  await page.fill('#entraid-Name', name);
  await page.fill('#entraid-TenantID', env.TENANT_ID);
  await page.fill('#entraid-ClientID', env.CLIENT_ID);
  await page.fill('#entraid-AuthorityHost', env.AUTHORITY_HOST);
  await page.fill('#entraid-GraphEndpoint', env.GRAPH_ENDPOINT);
}
const row = (name) => `tr[data-connection="${name}"]`;
const apiResponse = (page, method, suffix) => page.waitForResponse(
  (r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(suffix));

async function create() {
  const page = await open(env.ADMIN_USER, env.ADMIN_PASSWORD);
  await page.waitForSelector(row('default'));
  report.defaultReadOnly = await page.locator(`${row('default')} .entraid-edit`).count() === 0;
  await addConnection(page, 'hr');
  // The mistake Microsoft's AADSTS7000215 is about: the Secret ID pasted instead of the Value.
  await page.fill('#entraid-ClientSecret', env.CLIENT_SECRET_ID);
  const problem = page.locator('.form-group.has-error[data-key="ClientSecret"] .entraid-problem');
  await problem.locator('div').first().waitFor();
  report.inlineDiagnosis = await problem.innerText();
  const refused = apiResponse(page, 'POST', '/default/connections');
  await page.click('.entraid-save');
  report.saveWithSecretIdStatus = (await refused).status();
  await problem.locator('div').first().waitFor();
  report.diagnosisAfterSave = await problem.innerText();
  await page.screenshot({ path: `${env.SHOTS}/1-secret-id-diagnosed.png`, fullPage: true });

  await page.fill('#entraid-ClientSecret', env.CLIENT_SECRET);
  await page.waitForFunction(() => !document.querySelector('.entraid-form .has-error'));
  const created = apiResponse(page, 'POST', '/default/connections');
  await page.click('.entraid-save');
  report.saveStatus = (await created).status();
  await page.waitForSelector(row('hr'));
  report.maskedSecret = await page.locator(`${row('hr')} .entraid-secret`).innerText();

  await page.click(`${row('hr')} .entraid-test`);
  await page.waitForSelector('.entraid-token-ok, .entraid-token-failed, .entraid-test-result.alert-danger');
  report.tokenOk = await page.locator('.entraid-token-ok').count() === 1;
  report.granted = await page.locator('.entraid-granted').innerText().catch(() => '');

  // A designer deploys a process that uses 'hr'; it runs on it.
  const form = new FormData();
  form.append('deployment-name', 'page-hr-check');
  form.append('data', new Blob([readFileSync(env.BPMN)]), 'page-hr-check.bpmn');
  await rest('POST', '/deployment/create', form);
  await startInstance();
  await until('the first page-hr-check instance', async () => (await finished()) === 1
    || (await count('/history/incident/count?processDefinitionKey=page-hr-check')) > 0);
  report.firstRunFinished = await finished();

  // Edit: limit 'hr' to the page's processes (the policy); the process still may use it.
  await page.click(`${row('hr')} .entraid-edit`);
  await page.fill('#entraid-policy-processes', 'page-*');
  const edited = apiResponse(page, 'PATCH', '/default/connections/hr');
  await page.click('.entraid-save');
  report.editStatus = (await edited).status();
  report.policyAfterEdit = (await rest('GET', '/entraid/connections/hr')).settings?.policy?.processes;

  await page.click(`${row('hr')} .entraid-test`);
  const process = page.locator('li[data-process="page-hr-check"]');
  await process.waitFor();
  report.processLine = await process.innerText();
  await page.screenshot({ path: `${env.SHOTS}/2-tested.png`, fullPage: true });
  scan('page', await page.content());
}

async function rotate() {
  const page = await open(env.ADMIN_USER, env.ADMIN_PASSWORD);
  await page.click(`${row('hr')} .entraid-rotate`);
  const validated = apiResponse(page, 'POST', '/validate');
  await page.fill('.entraid-rotate-form input[type=password]', env.NEW_CLIENT_SECRET);
  await validated;
  report.rotateProblems = await page.locator('.entraid-rotate-form .has-error').count();
  const before = await finished();
  await Promise.all(Array.from({ length: 50 }, startInstance));
  const rotated = apiResponse(page, 'POST', '/rotate');
  await page.click('.entraid-rotate-save');
  report.rotateStatus = (await rotated).status();
  report.finishedWhenRotated = (await finished()) - before;
  await page.waitForSelector('.entraid-message .alert-success');
  await until('50 instances to end', async () => (await finished()) - before === 50
    || (await count('/history/incident/count?processDefinitionKey=page-hr-check')) > 0, 180);
  report.finishedAfter = (await finished()) - before;
  report.incidents = await count('/history/incident/count?processDefinitionKey=page-hr-check');
  report.failedJobs = await count('/history/job-log/count?processDefinitionKey=page-hr-check&failureLog=true');
  scan('page', await page.content());
}

async function remove() {
  const page = await open(env.ADMIN_USER, env.ADMIN_PASSWORD);
  // The webapps' CSRF protection: the session alone is not enough.
  report.withoutCsrfStatus = await page.evaluate(async () => (await fetch('/engine-rest/entraid/connections/validate', {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'x', parameters: {} }) })).status);
  await page.click(`${row('hr')} .entraid-history`);
  await page.waitForSelector('.entraid-history-panel tr[data-action]');
  report.history = await page.locator('.entraid-history-panel tr[data-action]').evaluateAll(
    (rows) => rows.map((r) => r.getAttribute('data-action')));
  await page.click(`${row('hr')} .entraid-delete`);
  const warning = page.locator('.entraid-references');
  await warning.waitFor();
  report.deleteWarning = await warning.innerText();
  await page.screenshot({ path: `${env.SHOTS}/3-delete-warning.png`, fullPage: true });
  const deleted = apiResponse(page, 'DELETE', '/default/connections/hr');
  await page.click('.entraid-delete-confirm');
  report.deleteStatus = (await deleted).status();
  await page.waitForSelector(row('hr'), { state: 'detached' });
  report.listedAfterDelete = (await rest('GET', '/entraid/connections')).map((c) => c.name);
  scan('page', await page.content());

  const clerk = await open(env.CLERK_USER, env.CLERK_PASSWORD);
  const statuses = [];
  clerk.on('response', (r) => { if (r.url().includes('/camunda/api/admin/plugin/entraid/default/')) statuses.push(r.status()); });
  await clerk.reload();
  await clerk.waitForSelector('.entraid-forbidden');
  report.clerkStatuses = statuses;
  report.clerkRows = await clerk.locator('tr[data-connection]').count();
  const clerkPage = await clerk.content();
  report.clerkSeesTenant = clerkPage.includes(env.TENANT_ID);
  report.clerkMessage = await clerk.locator('.entraid-forbidden').innerText();
}

async function certificate() {
  const page = await open(env.ADMIN_USER, env.ADMIN_PASSWORD);
  await addConnection(page, 'hr-cert');
  // The mix-up the admin center invites: the public .cer uploaded there, instead of the file with the key.
  await page.setInputFiles('#entraid-ClientCertificate', env.CERT_DER);
  const problem = page.locator('.form-group.has-error[data-key="ClientCertificate"] .entraid-problem');
  await problem.locator('div').first().waitFor();
  report.cerDiagnosis = await problem.innerText();
  await page.screenshot({ path: `${env.SHOTS}/4-certificate-cer-diagnosed.png`, fullPage: true });
  await page.setInputFiles('#entraid-ClientCertificate', env.CERT_PEM);
  await page.waitForFunction(() => !document.querySelector('.entraid-form .has-error'));
  const created = apiResponse(page, 'POST', '/default/connections');
  await page.click('.entraid-save');
  report.certificateSaveStatus = (await created).status();
  await page.waitForSelector(row('hr-cert'));
  report.certificateShown = await page.locator(`${row('hr-cert')} .entraid-secret`).innerText();
  await page.click(`${row('hr-cert')} .entraid-test`);
  await page.waitForSelector('.entraid-token-ok, .entraid-token-failed, .entraid-test-result.alert-danger');
  report.certificateTokenOk = await page.locator('.entraid-token-ok').count() === 1;
  await page.screenshot({ path: `${env.SHOTS}/5-certificate-tested.png`, fullPage: true });

  // Edit without choosing a file: the stored certificate stays.
  await page.click(`${row('hr-cert')} .entraid-edit`);
  report.certificateInEditForm = await page.locator('.entraid-form .entraid-certificate').innerText();
  const edited = apiResponse(page, 'PATCH', '/default/connections/hr-cert');
  await page.click('.entraid-save');
  report.certificateEditStatus = (await edited).status();

  // Rotate to the next certificate, a PFX with a password (sent as base64:).
  await page.click(`${row('hr-cert')} .entraid-rotate`);
  await page.setInputFiles('.entraid-rotate-form input[type=file]', env.CERT_PFX);
  await page.fill('.entraid-rotate-form input[type=password]', env.CERT_PFX_PASSWORD);
  await page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/validate')
    && (r.request().postData() || '').includes(env.CERT_PFX_PASSWORD));
  report.certificateRotateProblems = await page.locator('.entraid-rotate-form .has-error').count();
  const rotated = apiResponse(page, 'POST', '/rotate');
  await page.click('.entraid-rotate-save');
  report.certificateRotateStatus = (await rotated).status();
  await page.waitForSelector('.entraid-message .alert-success');
  report.certificateAfterRotation = await page.locator(`${row('hr-cert')} .entraid-secret`).innerText();
  await page.click(`${row('hr-cert')} .entraid-test`);
  await page.waitForSelector('.entraid-token-ok, .entraid-token-failed, .entraid-test-result.alert-danger');
  report.rotatedCertificateTokenOk = await page.locator('.entraid-token-ok').count() === 1;
  report.keyUploads = seen.keyUploads;
  scan('page', await page.content());
  await rest('DELETE', '/entraid/connections/hr-cert');
}

try {
  await { create, rotate, delete: remove, certificate }[phase]();
} finally {
  await browser.close();
  report.scannedResponses = seen.responses;
  report.secretLeaks = seen.leaks;
  report.scanSawTenantId = seen.tenantSeen;
  writeFileSync(env.REPORT, JSON.stringify(report, null, 2));
}
