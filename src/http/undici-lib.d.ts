/** undici's own files, which its package has no types for (their classes are typed by undici's index). */
declare module 'undici/lib/dispatcher/dispatcher' {
  const Dispatcher: typeof import('undici').Dispatcher;
  export = Dispatcher;
}
declare module 'undici/lib/api' {
  const api: object;
  export = api;
}
declare module 'undici/lib/dispatcher/pool' {
  const Pool: typeof import('undici').Pool;
  export = Pool;
}
declare module 'undici/lib/dispatcher/proxy-agent' {
  const ProxyAgent: typeof import('undici').ProxyAgent;
  export = ProxyAgent;
}
