import { describe, expect, it } from 'vitest';
import { shellWords } from '../../src/commands/shell-words.js';

describe('shellWords', () => {
  it('splits a command line as a shell does, without expanding it', () => {
    expect(shellWords(`  a  'b c'  "d \\"e\\" $f" g\\ h ''  `)).toEqual(['a', 'b c', 'd "e" $f', 'g h', '']);
    expect(shellWords('x "open')).toBeNull();
    expect(shellWords('C:\\a\\b c', false)).toEqual(['C:\\a\\b', 'c']);
  });
});
