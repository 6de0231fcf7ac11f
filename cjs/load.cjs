'use strict';
// require('liburing-ts') from CommonJS. The package is ES modules; Node 20.19+
// (and 22.12+) load them with require(). Where that cannot work, say why and
// what to do, instead of Node's generic ERR_REQUIRE_ESM.
module.exports = function load(target, name) {
  try {
    return require(target);
  } catch (e) {
    if (e && e.code === 'ERR_REQUIRE_ESM') {
      // process.features.require_module exists on the Node versions that can require() ES modules.
      const why =
        typeof process.features.require_module === 'boolean'
          ? `require() of ES modules is turned off in this Node (${process.version}; --no-experimental-require-module?)`
          : `this Node (${process.version}) cannot require() ES modules`;
      throw new Error(
        `require('${name}'): liburing-ts is an ES module, and ${why}. ` +
          'Use Node 20.19 or newer (22.12 or newer on 22) without that flag, or load it with import() or from an ES module.',
        { cause: e },
      );
    }
    throw e;
  }
};
