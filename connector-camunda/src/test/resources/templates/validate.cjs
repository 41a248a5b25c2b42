// Validates Camunda 7 element templates with the official validator; prints one JSON result.
const { validateAll } = require('@bpmn-io/element-templates-validator');
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
const files = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort();
const templates = files.map(f => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
const { valid, results } = validateAll(templates);
const errors = results.flatMap((r, i) => (r.errors || []).map(e => files[i] + ': ' + (e.message || JSON.stringify(e))));
// The Modeler checks a pattern against an untouched field too: an optional field must accept empty.
const emptyRejected = templates.flatMap((t, i) => (t.properties || [])
  .filter(p => p.constraints && p.constraints.pattern && !p.constraints.notEmpty)
  .filter(p => !new RegExp(p.constraints.pattern.value).test(''))
  .map(p => files[i] + ': ' + p.label));
process.stdout.write(JSON.stringify({ valid, count: files.length, errors, emptyRejected }));
process.exit(valid ? 0 : 1);
