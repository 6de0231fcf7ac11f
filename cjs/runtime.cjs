'use strict';
module.exports = require('./load.cjs')('../dist/runtime/index.js', 'liburing-ts/runtime');
