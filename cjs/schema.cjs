'use strict';
module.exports = require('./load.cjs')('../dist/schema/language.js', 'liburing-ts/schema');
