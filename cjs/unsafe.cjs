'use strict';
module.exports = require('./load.cjs')('../dist/generated/unsafe.js', 'liburing-ts/unsafe');
