/**
 * A content hash in a file's name (`index-BxK3a9Qz.js`, `main.3f2a9c1d.css`,
 * `app.02629657fa4789f9494d.bundle.js`): eight or more letters and digits, a digit among them, right
 * before the file's extensions. Two builds' files of one name but for it are one file, changed.
 */
const CONTENT_HASH = /([.-])(?=[A-Za-z0-9_]*\d)[A-Za-z0-9_]{8,}(?=(?:\.[A-Za-z0-9]+)+$)/;

/** A file's name across builds: its content hash as `*` (`assets/index-*.js`). */
export const withoutContentHash = (name: string): string => name.replace(CONTENT_HASH, '$1*');
