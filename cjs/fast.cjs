'use strict';
module.exports = require('./load.cjs')('../dist/runtime/fast/index.js', 'liburing-ts/fast');
