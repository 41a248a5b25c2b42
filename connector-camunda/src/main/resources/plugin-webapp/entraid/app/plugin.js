// The "Entra ID connections" page of Camunda Admin (#/entraid-connections) and its dashboard section.
// Plain DOM, no framework: Admin loads this file as an ES module (see ConnectionsAdminPlugin). Every call
// goes to the connections API under Admin's plugin API with the webapps' session and CSRF token; text from
// the server is only ever set as textContent. Secrets are typed into password inputs, sent once and never
// shown, stored in the page or logged: the list shows the server's mask only. A certificate file is read in
// the browser and its content kept only in a variable until it is sent; the list shows its subject,
// thumbprint and expiry.

const PATH = '/entraid-connections';
const STATES = {
  works: ['label-success', 'glyphicon-ok', 'works'],
  expiresSoon: ['label-warning', 'glyphicon-time', 'credential expires soon'],
  failing: ['label-danger', 'glyphicon-remove', 'failing'],
  unknown: ['label-default', 'glyphicon-question-sign', 'not checked yet'],
};

/** A DOM element: h('button', {class: 'btn', onclick}, 'text', child, ...). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false)
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * The connection REST API of this engine under Admin's own API (/camunda/api/admin/plugin/entraid/<engine>):
 * the webapps' session and CSRF protection apply, whatever authentication /engine-rest has, so the page works
 * wherever the webapps run beside the engine (Spring Boot, Camunda Run).
 */
function client(api) {
  const base = (api?.adminApi || '/camunda/api/admin') + '/plugin/entraid/'
    + encodeURIComponent(api?.engine || 'default');
  // The webapps' CSRF token: the XSRF-TOKEN cookie as it is now (it changes with each login), else the one
  // Admin handed to the plugin.
  const csrf = () => /(?:^|;\s*)XSRF-TOKEN=([^;]+)/.exec(document.cookie)?.[1] || api?.CSRFToken;
  return async (method, path, body) => {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (csrf()) headers['X-XSRF-TOKEN'] = csrf();
    const res = await fetch(base + path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!res.ok) {
      const error = new Error(json?.message || `${method} ${path} answered ${res.status}`);
      error.status = res.status;
      error.problems = json?.problems || [];
      throw error;
    }
    return json;
  };
}

function statusLabel(status) {
  const [cls, icon, text] = STATES[status?.state] || STATES.unknown;
  return h('span', { class: `label ${cls} entraid-state`, 'data-state': status?.state || 'unknown' },
    h('span', { class: `glyphicon ${icon}` }), ' ', text);
}

function diagnosisText(d) {
  if (!d) return null;
  return h('div', { class: 'entraid-diagnosis help-block' },
    d.key ? h('strong', {}, d.key, ': ') : null, d.problem || '', d.fix ? h('span', {}, ' Fix: ', d.fix) : null);
}

/** The store's poll interval (ISO-8601, e.g. PT5S) in words. */
function interval(store) {
  const m = /^PT(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(store?.pollInterval || '');
  if (!m) return 'seconds';
  const seconds = (Number(m[1] || 0) * 60) + Number(m[2] || 0);
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

function when(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return isNaN(date) ? iso : date.toLocaleString();
}

/**
 * What a stored connection does with the file keys: the nodes of a cluster share the database, not files.
 * ClientSecretFile is not offered (the server refuses it); ClientCertificate is uploaded by content.
 */
const STORED_HELP = {
  ClientCertificate: 'Credential: the certificate file with its RSA private key, whose certificate is uploaded to the'
    + ' app registration: a PFX/PKCS12 (its password below) or a PEM with certificate and key. The file\'s content is'
    + ' stored encrypted in the engine\'s database, as the nodes of a cluster share no files; it is never shown again.',
  ClientAssertionFile: 'Credential: path of a file holding a federated token (workload identity federation). Kept as a'
    + ' path: the platform puts the file at the same path on every node and renews it (on AKS the file named by'
    + ' AZURE_FEDERATED_TOKEN_FILE); it is read for every token request.',
};
const NOT_STORED = new Set(['ClientSecretFile']);

/**
 * A certificate file's content as the API takes it: PEM as text, anything else (a PFX) as base64: and the
 * bytes in base64.
 */
function certificateContent(file) {
  return new Promise((resolve, reject) => {
    if (!file) return resolve('');
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error);
    reader.onload = () => {
      const bytes = new Uint8Array(reader.result);
      const text = bytes.every(b => b < 0x80) ? new TextDecoder('ascii').decode(bytes) : null;
      if (text && text.includes('-----BEGIN ')) return resolve(text);
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      resolve('base64:' + btoa(binary));
    };
    reader.readAsArrayBuffer(file);
  });
}

/** The keys of an EntraID connection as the connector declares them (Admin API of this plugin). */
async function connectionKeys(api) {
  const res = await fetch((api?.adminApi || '/camunda/api/admin') + '/plugin/entraid/keys', {
    credentials: 'same-origin', headers: { Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`the connection keys could not be loaded (${res.status})`);
  return res.json();
}

class ConnectionsPage {
  constructor(node, api) {
    this.call = client(api);
    this.keys = connectionKeys(api);
    this.root = h('section', { class: 'entraid-connections' });
    node.append(this.root);
    this.list = [];
    this.panel = null;   // the open form / test result / delete confirmation: {name, kind, el}
    this.message = h('div', { class: 'entraid-message' });
    this.refresh();
  }

  note(kind, text) {
    this.message.replaceChildren(text ? h('div', { class: `alert alert-${kind}`, role: 'alert' }, text) : '');
  }

  async refresh() {
    try {
      [this.list, this.store] = await Promise.all([this.call('GET', '/connections'), this.call('GET', '/connection-store')]);
      this.forbidden = null;
    } catch (e) {
      this.list = [];
      this.forbidden = e.status === 401 || e.status === 403
        ? (e.status === 401 ? 'Your session has ended: log in again.'
          : e.message || 'Only administrators (members of camunda-admin) manage Entra ID connections.')
        : null;
      if (!this.forbidden) this.note('danger', 'The connections could not be loaded: ' + e.message);
    }
    this.render();
  }

  render() {
    const header = h('header', { class: 'row' },
      h('div', { class: 'col-xs-8' }, h('h3', {}, 'Entra ID connections')),
      h('div', { class: 'col-xs-4 text-right' },
        this.forbidden || !this.store?.enabled ? null : h('button', {
          class: 'btn btn-default entraid-add', type: 'button', onclick: () => this.open(null, 'form'),
        }, 'Add connection ', h('span', { class: 'glyphicon glyphicon-plus-sign' }))));
    const writable = this.store?.enabled && this.store?.writable !== false;
    const body = this.forbidden
      ? h('div', { class: 'alert alert-warning entraid-forbidden' }, this.forbidden)
      : [this.store && !writable ? h('div', { class: 'alert alert-warning entraid-store-disabled' },
          this.store.enabled ? 'Stored connections cannot be changed: ' : 'Connections cannot be created here: ', this.store.reason || '') : null,
        this.panel?.name === null ? this.panel.el : null, this.table()];
    this.root.replaceChildren(h('div', { class: 'section-content' }, header, this.message, body));
  }

  table() {
    if (!this.list.length) return h('div', { class: 'loader-state empty' }, 'No connections yet.');
    const rows = [];
    for (const c of this.list) {
      const p = c.parameters || {};
      rows.push(h('tr', { 'data-connection': c.name },
        h('td', { class: 'entraid-name' }, h('strong', {}, c.name),
          c.readOnly ? h('div', {}, h('span', { class: 'label label-default' }, 'configuration, read-only')) : null),
        h('td', {}, p.TenantID || ''),
        h('td', {}, p.ClientID || ''),
        h('td', { class: 'entraid-secret' }, p.ClientSecret || (p.ClientCertificate ? 'certificate ' + p.ClientCertificate : '')
          || (p.ClientAssertionFile ? 'federated token ' + p.ClientAssertionFile : '') || (p.ManagedIdentity ? 'managed identity' : '')),
        h('td', { class: 'entraid-status' }, statusLabel(c.status), diagnosisText(c.status?.diagnosis)),
        h('td', {}, c.changedAt ? `${when(c.changedAt)}${c.changedBy ? ' by ' + c.changedBy : ''}` : ''),
        h('td', { class: 'actions text-right' }, h('div', { class: 'btn-group' },
          h('button', { class: 'btn btn-xs btn-default entraid-test', type: 'button', onclick: () => this.test(c) }, 'Test'),
          c.readOnly ? null : [
            h('button', { class: 'btn btn-xs btn-default entraid-edit', type: 'button', onclick: () => this.open(c, 'form') },
              h('span', { class: 'glyphicon glyphicon-pencil' }), ' Edit'),
            h('button', { class: 'btn btn-xs btn-default entraid-rotate', type: 'button', onclick: () => this.open(c, 'rotate') },
              h('span', { class: 'glyphicon glyphicon-refresh' }), p.ClientCertificate ? ' Rotate certificate' : ' Rotate secret'),
            h('button', { class: 'btn btn-xs btn-default entraid-history', type: 'button', onclick: () => this.history(c) },
              h('span', { class: 'glyphicon glyphicon-list' }), ' History'),
            h('button', { class: 'btn btn-xs btn-danger entraid-delete', type: 'button', onclick: () => this.confirmDelete(c) },
              h('span', { class: 'glyphicon glyphicon-remove' }), ' Delete'),
          ]))));
      if (this.panel && this.panel.name === c.name)
        rows.push(h('tr', { class: 'entraid-panel-row' }, h('td', { colspan: 7 }, this.panel.el)));
    }
    return h('table', { class: 'cam-table entraid-table' },
      h('thead', {}, h('tr', {}, ['Name', 'TenantID', 'ClientID', 'Credential', 'Status', 'Changed', ''].map(t => h('th', {}, t)))),
      h('tbody', {}, rows));
  }

  show(name, kind, el) {
    this.panel = { name, kind, el };
    this.render();
    el.querySelector('input:not([disabled]), button')?.focus();
  }

  close() {
    this.panel = null;
    this.render();
  }

  // --- create / edit ------------------------------------------------------------------------------

  field(key, help, { type = 'text', value = '', choices, placeholder, autocomplete = 'off' } = {}) {
    const id = 'entraid-' + key.replace(/[^\w-]/g, '-');
    const input = choices
      ? h('select', { id, name: key, class: 'form-control' }, choices.map(c => h('option', { value: c, selected: c === value }, c || '(default)')))
      : h('input', { id, name: key, class: 'form-control', type, value, placeholder, autocomplete, spellcheck: 'false' });
    const problem = h('div', { class: 'help-block entraid-problem', 'data-key': key });
    const group = h('div', { class: 'form-group', 'data-key': key },
      h('label', { class: 'control-label col-sm-4 col-md-2', for: id }, key),
      h('div', { class: 'col-sm-8 col-md-10' }, input, h('span', { class: 'help-block' }, help), problem));
    return { key, input, problem, group };
  }

  /**
   * The ClientCertificate field: a file input whose file is read here; read() gives its content (never put
   * into the page). Editing, the help shows the stored certificate's summary from the server.
   */
  certificateField(help, stored) {
    const f = this.field('ClientCertificate', help, { type: 'file' });
    f.input.setAttribute('accept', '.pfx,.p12,.pem,.crt,.cer,.key');
    f.input.classList.remove('form-control');
    let content = '';
    f.read = () => content;
    f.input.addEventListener('change', async () => {
      try {
        content = await certificateContent(f.input.files[0]);
      } catch (e) {
        content = '';
        f.problem.replaceChildren(h('div', {}, 'The file could not be read: ' + e.message));
      }
      f.input.dispatchEvent(new Event('input')); // validate what was read
    });
    if (stored) f.problem.before(h('span', { class: 'help-block entraid-certificate' }, `Now: ${stored}. Choose a file to replace it.`));
    return f;
  }

  /** A true/false key (SendX5C) as a checkbox: read() gives 'true' or nothing. */
  checkboxField(key, help, checked) {
    const f = this.field(key, help, { type: 'checkbox' });
    f.input.classList.remove('form-control');
    f.input.checked = checked;
    f.read = () => (f.input.checked ? 'true' : '');
    return f;
  }

  async open(connection, kind) {
    this.note();
    if (kind === 'rotate') return this.show(connection.name, kind, this.rotateForm(connection));
    let keys;
    try { keys = await this.keys; } catch (e) { return this.note('danger', e.message); }
    this.show(connection ? connection.name : null, kind, this.form(connection, keys));
  }

  form(connection, keys) {
    const editing = !!connection;
    const p = connection?.parameters || {};
    const s = connection?.settings || {};
    const name = editing ? null : this.field('Name', 'How tasks refer to it (the task\'s "connection" input): letters, digits, - and _.');
    const fieldOf = (k) => {
      const help = (STORED_HELP[k.name] || k.description) + (!k.secret || !editing ? ''
        : k.name === 'ClientCertificatePassword' ? ' Leave empty to keep it unchanged; with a new certificate file, give'
          + ' that file\'s password (the old one is not kept).'
        : ' Leave empty to keep it unchanged.');
      if (k.name === 'ClientCertificate') return this.certificateField(help, editing ? p.ClientCertificate : null);
      if (k.name === 'SendX5C') return this.checkboxField(k.name, help, String(p.SendX5C).toLowerCase() === 'true');
      return this.field(k.name, help, k.secret
        ? { type: 'password', autocomplete: 'new-password', placeholder: editing && p[k.name] ? `unchanged (${p[k.name]})` : '' }
        : { value: p[k.name] || '' });
    };
    const offered = keys.filter(k => !NOT_STORED.has(k.name));
    const required = offered.filter(k => k.required).map(fieldOf);
    const optional = offered.filter(k => !k.required).map(fieldOf);
    const fields = [...required, ...optional];
    const secretKeys = new Set(keys.filter(k => k.secret).map(k => k.name.toLowerCase()));
    const uncaught = this.field('uncaught-errors',
      'A BPMN error nothing in the model catches: incident, or end (Camunda\'s silent end). Empty: the engine-wide setting.',
      { value: s['uncaught-errors'] || '', choices: ['', 'incident', 'end'] });
    // The connection's policy, as in configuration's connections.<name>.policy (README "Security").
    const policy = [
      ['operations', 'The operations tasks may run on it, comma-separated. Empty: every operation except graphRequest.'],
      ['processes', 'The process definition keys (or patterns such as entra-*) that may use it, comma-separated. Empty: any.'],
      ['graph-requests', 'The calls graphRequest may send, e.g. GET users/*/memberOf, comma-separated. Empty: graphRequest is off.'],
    ].map(([key, help]) => this.field('policy.' + key, help, { value: s.policy?.[key] || '' }));
    const general = h('div', { class: 'alert alert-danger entraid-form-problems', hidden: true });
    const all = [name, ...fields, uncaught, ...policy].filter(Boolean);

    const parameters = () => {
      const out = {};
      for (const f of fields) {
        const v = f.read ? f.read() : f.input.value;
        if (v !== '') out[f.key] = v;
      }
      return out;
    };
    const settings = () => {
      const out = {};
      if (uncaught.input.value || editing) out['uncaught-errors'] = uncaught.input.value || null;
      const rules = Object.fromEntries(policy.map(f => [f.key.slice('policy.'.length), f.input.value.trim()]).filter(([, v]) => v));
      if (editing || Object.keys(rules).length) out.policy = rules;
      return out;
    };
    const showProblems = (problems) => {
      const byKey = new Map(all.map(f => [f.key.toLowerCase(), f]));
      for (const f of all) { f.group.classList.remove('has-error', 'has-warning'); f.problem.replaceChildren(); }
      const rest = [];
      for (const pr of problems || []) {
        const f = byKey.get(String(pr.key || '').toLowerCase().replace(/^settings\./, ''));
        const text = [pr.problem, pr.fix ? 'Fix: ' + pr.fix : null].filter(Boolean).join(' ');
        // A warning (e.g. spaces trimmed) does not stop a save; an error does.
        if (f) { f.group.classList.add(pr.severity === 'warning' ? 'has-warning' : 'has-error'); f.problem.append(h('div', {}, text)); }
        else rest.push(h('div', {}, pr.key ? pr.key + ': ' : '', text));
      }
      general.replaceChildren(...rest);
      general.hidden = rest.length === 0;
    };

    // Inline validation with the server's own diagnosis, a moment after typing stops.
    let timer = null;
    let seq = 0;
    const validate = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++seq;
        const params = parameters();
        // Editing: a secret left empty stays as it is, so its absence is not a problem to report, nor are the
        // certificate's options while the stored certificate stays.
        const certificateKept = editing && p.ClientCertificate && !params.ClientCertificate;
        const unchanged = (key) => editing && ((secretKeys.has(String(key || '').toLowerCase()) && !params[key])
          || (certificateKept && /^(sendx5c|clientcertificatepassword)$/i.test(key || '')));
        try {
          const result = await this.call('POST', '/connections/validate', { name: editing ? connection.name : name.input.value, parameters: params });
          const problems = (result?.problems || []).filter(pr => !unchanged(pr.key));
          if (mine === seq) showProblems(problems);
        } catch (e) {
          if (mine === seq) showProblems([{ problem: 'Could not validate: ' + e.message }]);
        }
      }, 350);
    };
    for (const f of all) f.input.addEventListener(f.input.tagName === 'SELECT' ? 'change' : 'input', validate);

    const save = h('button', { class: 'btn btn-primary entraid-save', type: 'submit' }, editing ? 'Save changes' : 'Create connection');
    const el = h('form', {
      class: 'form-horizontal entraid-form', autocomplete: 'off', novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clearTimeout(timer);
        seq++;
        save.disabled = true;
        try {
          if (editing) {
            const params = parameters();
            for (const key of Object.keys(p)) if (!(key in params) && !secretKeys.has(key.toLowerCase())) params[key] = null;
            await this.call('PATCH', '/connections/' + encodeURIComponent(connection.name), { parameters: params, settings: settings() });
          } else {
            await this.call('POST', '/connections', { name: name.input.value.trim(), parameters: parameters(), settings: settings() });
          }
          const saved = editing ? connection.name : name.input.value.trim();
          this.panel = null;
          await this.refresh();
          this.note('success', `Connection '${saved}' saved. Every node uses it within ${interval(this.store)}; test it to see its permissions.`);
        } catch (e) {
          showProblems(e.problems?.length ? e.problems : [{ problem: e.message }]);
          save.disabled = false;
        }
      },
    },
    h('h4', {}, editing ? `Edit connection '${connection.name}'` : 'New Entra ID connection'),
    general,
    name?.group, ...required.map(f => f.group),
    h('fieldset', {}, h('legend', { class: 'h4' }, 'Optional parameters'), ...optional.map(f => f.group)),
    h('fieldset', {}, h('legend', { class: 'h4' }, 'Settings'), uncaught.group, ...policy.map(f => f.group)),
    h('div', { class: 'form-group' }, h('div', { class: 'col-sm-8 col-sm-offset-4 col-md-10 col-md-offset-2' },
      save, ' ', h('button', { class: 'btn btn-default entraid-cancel', type: 'button', onclick: () => this.close() }, 'Cancel'))));
    return el;
  }

  // --- rotate -------------------------------------------------------------------------------------

  rotateForm(connection) {
    const certificate = !!connection.parameters?.ClientCertificate;
    const what = certificate ? 'certificate' : 'secret';
    const fields = certificate
      ? [this.certificateField('The new certificate file with its private key (PFX/PKCS12 or PEM), whose certificate is'
          + ' already uploaded to the app registration. Tasks running now finish with the old or the new one.', connection.parameters.ClientCertificate),
        this.field('ClientCertificatePassword', 'The new file\'s password, if it has one.', { type: 'password', autocomplete: 'new-password' })]
      : [this.field('ClientSecret', 'The new secret\'s Value (not its Secret ID). Tasks running now finish with the old or the new one.',
          { type: 'password', autocomplete: 'new-password' })];
    const values = () => Object.fromEntries(fields.map(f => [f.key, f.read ? f.read() : f.input.value]).filter(([, v]) => v !== ''));
    const own = new Map(fields.map(f => [f.key.toLowerCase(), f]));
    const button = h('button', { class: 'btn btn-primary entraid-rotate-save', type: 'submit' }, 'Rotate');
    const known = Object.fromEntries(Object.entries(connection.parameters || {}).filter(([k]) => !own.has(k.toLowerCase())));
    const showProblems = (problems) => {
      for (const f of fields) { f.group.classList.remove('has-error'); f.problem.replaceChildren(); }
      for (const pr of problems || []) {
        const f = own.get(String(pr.key || '').toLowerCase()) || fields[0];
        f.group.classList.add('has-error');
        f.problem.append(h('div', {}, [pr.problem, pr.fix ? 'Fix: ' + pr.fix : null].filter(Boolean).join(' ')));
      }
    };
    let timer = null;
    const validate = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        try {
          const result = await this.call('POST', '/connections/validate', { name: connection.name, parameters: { ...known, ...values() } });
          // Only what the new credential is told; "no credential" while nothing is chosen yet is not news.
          showProblems((result?.problems || []).filter(pr => own.has(String(pr.key || '').toLowerCase())
            && (Object.keys(values()).length || !certificate)));
        } catch (e) { showProblems([{ problem: 'Could not validate: ' + e.message }]); }
      }, 350);
    };
    for (const f of fields) f.input.addEventListener('input', validate);
    return h('form', {
      class: 'form-horizontal entraid-rotate-form', autocomplete: 'off', novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clearTimeout(timer);
        button.disabled = true;
        try {
          await this.call('POST', '/connections/' + encodeURIComponent(connection.name) + '/rotate', certificate ? values() : { ClientSecret: fields[0].input.value });
          this.panel = null;
          await this.refresh();
          this.note('success', `The ${what} of '${connection.name}' was rotated. Delete the old ${what} in Entra ID once every node uses the new one.`);
        } catch (e) {
          showProblems(e.problems?.length ? e.problems : [{ problem: e.message }]);
          button.disabled = false;
        }
      },
    },
    h('h4', {}, `Rotate the ${what} of '${connection.name}'`),
    ...fields.map(f => f.group),
    h('div', { class: 'form-group' }, h('div', { class: 'col-sm-8 col-sm-offset-4 col-md-10 col-md-offset-2' },
      button, ' ', h('button', { class: 'btn btn-default', type: 'button', onclick: () => this.close() }, 'Cancel'))));
  }

  // --- test ---------------------------------------------------------------------------------------

  async test(connection) {
    this.note();
    this.show(connection.name, 'test', h('div', { class: 'entraid-test-result' },
      h('span', { class: 'glyphicon glyphicon-refresh animate-spin' }), ' Testing...'));
    let el;
    try {
      const r = await this.call('POST', '/connections/' + encodeURIComponent(connection.name) + '/test');
      const processes = r.processes || [];
      el = h('div', { class: 'entraid-test-result' },
        h('h4', {}, `Test of '${connection.name}'`),
        r.token?.ok
          ? h('div', { class: 'alert alert-success entraid-token-ok' }, 'A token was issued.')
          : h('div', { class: 'alert alert-danger entraid-token-failed' }, 'No token: ', diagnosisText(r.token?.diagnosis)),
        h('dl', { class: 'dl-horizontal' },
          h('dt', {}, 'Granted permissions'),
          h('dd', { class: 'entraid-granted' }, (r.grantedPermissions || []).length ? r.grantedPermissions.join(', ') : 'none'),
          h('dt', {}, 'Processes'),
          h('dd', {}, processes.length ? h('ul', { class: 'list-unstyled entraid-processes' }, processes.map(pr =>
            h('li', { 'data-process': pr.key }, (pr.missingPermissions || []).length
              ? [h('span', { class: 'glyphicon glyphicon-remove text-danger' }), ` ${pr.key} cannot run: missing ${pr.missingPermissions.join(', ')}`]
              : [h('span', { class: 'glyphicon glyphicon-ok text-success' }), ` ${pr.key} can run`])))
            : 'No deployed process uses this connection.')),
        h('button', { class: 'btn btn-default btn-xs', type: 'button', onclick: () => this.close() }, 'Close'));
    } catch (e) {
      el = h('div', { class: 'alert alert-danger entraid-test-result' }, 'The test could not run: ' + e.message);
    }
    // The test updated the connection's status on the server: show it in the list too.
    this.list = await this.call('GET', '/connections').catch(() => this.list);
    if (this.panel?.name === connection.name && this.panel.kind === 'test') this.show(connection.name, 'test', el);
  }

  // --- history ------------------------------------------------------------------------------------

  async history(connection) {
    this.note();
    let entries;
    try {
      entries = await this.call('GET', '/connections/' + encodeURIComponent(connection.name) + '/audit');
    } catch (e) {
      return this.note('danger', 'The history could not be loaded: ' + e.message);
    }
    this.show(connection.name, 'history', h('div', { class: 'entraid-history-panel' },
      h('h4', {}, `Changes of '${connection.name}'`),
      h('table', { class: 'cam-table' },
        h('thead', {}, h('tr', {}, ['When', 'Who', 'What', 'Changed'].map(t => h('th', {}, t)))),
        h('tbody', {}, (entries || []).map(e => h('tr', { 'data-action': e.action },
          h('td', {}, when(e.at)), h('td', {}, e.by || ''), h('td', {}, e.action), h('td', {}, (e.changed || []).join(', ')))))),
      h('button', { class: 'btn btn-default btn-xs', type: 'button', onclick: () => this.close() }, 'Close')));
  }

  // --- delete -------------------------------------------------------------------------------------

  async confirmDelete(connection) {
    this.note();
    const path = '/connections/' + encodeURIComponent(connection.name);
    let referencedBy = [];
    try {
      referencedBy = (await this.call('DELETE', path + '?dryRun=true'))?.referencedBy || [];
    } catch (e) {
      return this.note('danger', 'Cannot delete: ' + e.message);
    }
    const button = h('button', {
      class: 'btn btn-danger entraid-delete-confirm', type: 'button',
      onclick: async () => {
        button.disabled = true;
        try {
          await this.call('DELETE', path);
          this.panel = null;
          await this.refresh();
          this.note('success', `Connection '${connection.name}' deleted.`);
        } catch (e) {
          this.note('danger', 'Cannot delete: ' + e.message);
          button.disabled = false;
        }
      },
    }, 'Delete');
    this.show(connection.name, 'delete', h('div', { class: 'entraid-delete-panel' },
      referencedBy.length
        ? h('div', { class: 'alert alert-warning entraid-references' },
          h('p', {}, `These deployed process definitions use '${connection.name}'; their tasks will fail once it is gone:`),
          h('ul', {}, referencedBy.map(r => h('li', {},
            `${r.processDefinitionKey} (version ${r.version})`, r.activities?.length ? ': ' + r.activities.join(', ') : ''))))
        : h('p', {}, `No deployed process definition refers to '${connection.name}'.`),
      button, ' ', h('button', { class: 'btn btn-default', type: 'button', onclick: () => this.close() }, 'Cancel')));
  }
}

export default [
  {
    id: 'entraid-connections',
    pluginPoint: 'admin.route',
    properties: { path: PATH },
    render: (node, { api }) => { new ConnectionsPage(node, api); },
  },
  {
    id: 'entraid-connections-dashboard',
    pluginPoint: 'admin.dashboard.section',
    priority: -10,
    properties: { label: 'Entra ID connections', pagePath: '#' + PATH },
    render: (node) => {
      node.append(h('p', {}, 'Create, test and rotate the connections processes use: ',
        h('a', { href: '#' + PATH }, 'manage connections'), '.'));
    },
  },
];
