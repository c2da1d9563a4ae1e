// A module resolve hook (see node:module register): the @sqlrooms packages' dist files import their
// siblings (and files of packages such as `dayjs/plugin/relativeTime`) without the `.js` extension, which
// bundlers accept and Node's ESM loader refuses. When such a path cannot be found as written, this tries it
// with `.js` and as a directory's `index.js`.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const isPath = specifier.startsWith('.') || /^(@[^/]+\/)?[^/@]+\/./.test(specifier);
    if (!isPath || !['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT'].includes(error?.code)) throw error;
    for (const candidate of [`${specifier}.js`, `${specifier}/index.js`]) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // try the next form
      }
    }
    throw error;
  }
}
