'use strict';
module.exports = require('./load.cjs')('../dist/runtime/fuzz.js', 'liburing-ts/fuzz');
