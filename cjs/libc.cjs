'use strict';
module.exports = require('./load.cjs')('../dist/generated/libc.js', 'liburing-ts/libc');
