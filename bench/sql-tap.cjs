'use strict';
/**
 * Loaded with `node --require bench/sql-tap.cjs dist/main.js` by the benchmark, only in a short-lived
 * capture instance of the app (never in the one that is measured): every SQL statement the app sends
 * through `pg` is appended to $BENCH_SQL_TAP as a JSON line {text, values, start, end}, so the
 * baselines run exactly the app's SQL, whatever the app's code looks like today.
 */
const fs = require('node:fs');

const file = process.env.BENCH_SQL_TAP;
if (file) {
  const { Client } = require(require.resolve('pg', { paths: [process.cwd()] }));
  const original = Client.prototype.query;
  const now = () => performance.timeOrigin + performance.now();
  const record = (text, values, start) => {
    const line = JSON.stringify({ text, values: values ?? null, start, end: now() }, (_key, value) =>
      value instanceof Date ? value.toISOString() : value,
    );
    fs.appendFileSync(file, line + '\n');
  };
  Client.prototype.query = function tappedQuery(config, values, callback) {
    const passthrough = typeof values === 'function' || typeof callback === 'function' || (config && typeof config.submit === 'function');
    if (passthrough) return original.call(this, config, values, callback);
    const text = typeof config === 'string' ? config : config && config.text;
    const params = Array.isArray(values) ? values : config && config.values;
    const start = now();
    const result = original.call(this, config, values);
    if (result && typeof result.then === 'function') {
      result.then(
        () => record(text, params, start),
        () => record(text, params, start),
      );
    }
    return result;
  };
}
