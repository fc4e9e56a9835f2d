/** The last segment of a URL path that has a file extension: such a path names a file. */
export const FILE_EXTENSION = /\.[^/]*$/;

/**
 * A path a single-page app's server answers with its index.html when no file has it: one without a
 * file extension (`/settings/profile`, not `/app.js`). The static server's thread (src/lab/site.ts)
 * is given FILE_EXTENSION, so that both read a route alike.
 */
export const isAppRoute = (urlPath: string): boolean => !FILE_EXTENSION.test(urlPath);
