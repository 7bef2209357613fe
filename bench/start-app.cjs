'use strict';
// Starts the built app (dist/main.js) unchanged. The benchmark launches it through this file so that
// its processes are told apart from other copies of the app running on a shared machine.
require('../dist/main.js');
