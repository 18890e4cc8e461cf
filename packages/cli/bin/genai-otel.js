#!/usr/bin/env node
// A committed shim rather than `dist/bin.js` itself: pnpm links a workspace package's bin at
// install time, before anything is built, and skips a bin whose file does not exist yet.
import '../dist/bin.js';
