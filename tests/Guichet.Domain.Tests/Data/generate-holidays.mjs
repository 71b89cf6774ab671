#!/usr/bin/env node
// Generates an independent reference dataset of French public holidays from the
// npm package `date-holidays`, used to cross-check Guichet's own C# computation.
//
// Usage (date-holidays is resolved from the current working directory's node_modules):
//   mkdir -p /tmp/holgen && cd /tmp/holgen && npm init -y && npm install date-holidays
//   cd /tmp/holgen && node <repo>/tests/Guichet.Domain.Tests/Data/generate-holidays.mjs
//
// Writes, next to this script:
//   holidays-date-holidays.tsv        type=public entries only
//   holidays-date-holidays-other.tsv  all non-public entries (bank/optional/observance/school), type as 4th column
//
// Output is deterministic (no timestamps), UTF-8 without BOM, LF line endings.

import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const FIRST_YEAR = 2024;
const LAST_YEAR = 2035;
const LANGUAGE = 'fr';
// Same as date-holidays-parser's default TYPES (priority ascending); passed explicitly for clarity.
const ALL_TYPES = ['observance', 'optional', 'school', 'bank', 'public'];

// Guichet territory id -> date-holidays arguments (country, state).
// `check` lists other date-holidays codes that must yield exactly the same holidays;
// the script aborts if they differ (guards against silent data-model changes).
const TERRITORIES = [
  { id: 'metropole', args: ['FR'], check: [] },
  { id: 'alsace-moselle', args: ['FR', '57'], check: [['FR', '67'], ['FR', '68']] },
  { id: 'guadeloupe', args: ['FR', 'GP'], check: [['GP']] },
  { id: 'martinique', args: ['FR', 'MQ'], check: [['MQ']] },
  { id: 'guyane', args: ['FR', 'GF'], check: [['GF']] },
  { id: 'reunion', args: ['FR', 'RE'], check: [['RE']] },
  { id: 'mayotte', args: ['FR', 'YT'], check: [['YT']] },
  { id: 'saint-martin', args: ['FR', 'MF'], check: [['MF']] },
  { id: 'saint-barthelemy', args: ['FR', 'BL'], check: [['BL']] },
];

// ---------------------------------------------------------------------------
// Locate date-holidays: first relative to the cwd (e.g. /tmp/holgen), then to this script.
function findPackageRoot(startFile, name) {
  const req = createRequire(startFile);
  let dir = dirname(req.resolve(name));
  while (true) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && JSON.parse(readFileSync(pj, 'utf8')).name === name) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find package root of ${name}`);
    dir = up;
  }
}

const scriptDir = dirname(fileURLToPath(import.meta.url));
let root;
for (const base of [join(process.cwd(), 'noop.js'), join(scriptDir, 'noop.js')]) {
  try { root = findPackageRoot(base, 'date-holidays'); break; } catch { /* try next */ }
}
if (!root) {
  console.error('date-holidays not found; run from a directory where `npm install date-holidays` was done');
  process.exit(1);
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const esmEntry = pkg.exports?.['.']?.import ?? pkg.module ?? pkg.main;
const { default: Holidays } = await import(pathToFileURL(join(root, esmEntry)).href);

const parserRoot = findPackageRoot(join(root, 'package.json'), 'date-holidays-parser');
const parserPkg = JSON.parse(readFileSync(join(parserRoot, 'package.json'), 'utf8'));
const dataVersion = JSON.parse(readFileSync(join(root, 'data', 'holidays.json'), 'utf8')).version;

// ---------------------------------------------------------------------------
function holidaysFor(args, year) {
  const hd = new Holidays(...args, { types: ALL_TYPES });
  const list = hd.getHolidays(year, LANGUAGE);
  return list.map((h) => {
    // h.date is the local date/time in the holiday's own time zone: "YYYY-MM-DD hh:mm:ss".
    const m = /^(\d{4}-\d{2}-\d{2}) 00:00:00$/.exec(h.date);
    if (!m) throw new Error(`unexpected date format/time for ${args.join('-')} ${year}: ${h.date} ${h.name}`);
    if (/[\t\r\n]/.test(h.name)) throw new Error(`name contains tab/newline: ${JSON.stringify(h.name)}`);
    if (h.substitute) throw new Error(`substitute day encountered (not expected for France): ${JSON.stringify(h)}`);
    return { date: m[1], name: h.name, type: h.type, rule: h.rule };
  });
}

const key = (e) => `${e.date}\t${e.type}\t${e.name}\t${e.rule}`;

const publicRows = [];
const otherRows = [];
for (const t of TERRITORIES) {
  const hd = new Holidays(...t.args);
  if (t.args.length === 2 && !hd.getStates(t.args[0])?.[t.args[1]]) {
    throw new Error(`state ${t.args.join('-')} unknown to date-holidays`);
  }
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    const entries = holidaysFor(t.args, year);
    const ref = entries.map(key).sort().join('\n');
    for (const alt of t.check) {
      const other = holidaysFor(alt, year).map(key).sort().join('\n');
      if (other !== ref) throw new Error(`${t.id}: ${t.args.join('-')} and ${alt.join('-')} differ in ${year}`);
    }
    for (const e of entries) {
      if (!e.date.startsWith(`${year}-`)) throw new Error(`date outside year ${year}: ${e.date}`);
      if (e.type === 'public') publicRows.push({ territory: t.id, ...e });
      else otherRows.push({ territory: t.id, ...e });
    }
  }
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const sorter = (a, b) =>
  cmp(a.territory, b.territory) || cmp(a.date, b.date) || cmp(a.type, b.type) || cmp(a.name, b.name);
publicRows.sort(sorter);
otherRows.sort(sorter);

function header(kind, columns) {
  const codes = TERRITORIES.map((t) => {
    const alts = t.check.length ? ` (cross-checked identical to ${t.check.map((c) => c.join('-')).join(', ')})` : '';
    return `#   ${t.id} = ${t.args.join('-')}${alts}`;
  });
  return [
    `# French holidays reference data generated from the npm package ${pkg.name}@${pkg.version}`,
    `#   (dependency date-holidays-parser@${parserPkg.version}; holiday data version ${dataVersion}; license of data: CC-BY-SA-3.0)`,
    `# ${kind}`,
    `# Years ${FIRST_YEAR}-${LAST_YEAR} inclusive; names in language '${LANGUAGE}' exactly as returned by getHolidays(year, '${LANGUAGE}').`,
    `# Dates are local calendar dates of the holiday in its own time zone (date-holidays 'date' field), not UTC-shifted.`,
    `# Territory -> date-holidays country-state code:`,
    ...codes,
    `# Generated by: mkdir -p /tmp/holgen && cd /tmp/holgen && npm init -y && npm install ${pkg.name}@${pkg.version} && node <repo>/tests/Guichet.Domain.Tests/Data/generate-holidays.mjs`,
    `# Sorted by territory id (ordinal), then date${columns.includes('type') ? ', then type' : ''}, then name.`,
    `# Columns (tab-separated): ${columns.join('\t')}`,
  ];
}

const publicLines = [
  ...header('Only entries with type=public are included (see holidays-date-holidays-other.tsv for the others).', ['territory', 'date', 'name']),
  ...publicRows.map((r) => `${r.territory}\t${r.date}\t${r.name}`),
];
const otherLines = [
  ...header('Only NON-public entries (type bank/optional/observance/school) are included; type=public entries are in holidays-date-holidays.tsv.', ['territory', 'date', 'name', 'type']),
  ...otherRows.map((r) => `${r.territory}\t${r.date}\t${r.name}\t${r.type}`),
];

const pubFile = join(scriptDir, 'holidays-date-holidays.tsv');
const otherFile = join(scriptDir, 'holidays-date-holidays-other.tsv');
writeFileSync(pubFile, publicLines.join('\n') + '\n', 'utf8');
writeFileSync(otherFile, otherLines.join('\n') + '\n', 'utf8');
console.log(`wrote ${pubFile} (${publicRows.length} rows)`);
console.log(`wrote ${otherFile} (${otherRows.length} rows)`);
