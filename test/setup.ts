import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers.js';

// Every test file leaves /tmp as it found it: the folders it made (reports, Chrome profiles, builds) go after its last test.
afterAll(removeTempDirs);
