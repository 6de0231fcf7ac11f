'use strict';
module.exports = require('./load.cjs')('../dist/runtime/testing.js', 'liburing-ts/testing');
