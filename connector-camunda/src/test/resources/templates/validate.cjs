// Validates Camunda 7 element templates with the official validator; prints one JSON result.
const { validateAll } = require('@bpmn-io/element-templates-validator');
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
const files = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort();
const templates = files.map(f => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
const { valid, results } = validateAll(templates);
const errors = results.flatMap((r, i) => (r.errors || []).map(e => files[i] + ': ' + (e.message || JSON.stringify(e))));
process.stdout.write(JSON.stringify({ valid, count: files.length, errors }));
process.exit(valid ? 0 : 1);
