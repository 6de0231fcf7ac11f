'use strict';
// require('liburing-ts') from CommonJS. The package is ES modules; Node 20.19+
// (and 22.12+) load them with require(). Older Node cannot: say so, with the fix,
// instead of Node's generic ERR_REQUIRE_ESM.
module.exports = function load(target, name) {
  try {
    return require(target);
  } catch (e) {
    if (e && e.code === 'ERR_REQUIRE_ESM') {
      throw new Error(
        `require('${name}'): liburing-ts is an ES module, and this Node (${process.version}) cannot require() ES modules. ` +
          'Use Node 20.19 or newer (22.12 or newer on 22), where require() loads it, or load it with import() or from an ES module.',
        { cause: e },
      );
    }
    throw e;
  }
};
