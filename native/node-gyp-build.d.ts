// Types of node-gyp-build 4.8 as int2int-native uses it (the package ships none).
declare module 'node-gyp-build' {
  /** Loads the addon found for this platform under `dir` (build/ first, then prebuilds/). */
  function load(dir: string): unknown;
  namespace load {
    /** The path of the addon `load(dir)` would load; throws an Error naming what it looked for when there is none. */
    function path(dir: string): string;
  }
  export = load;
}
