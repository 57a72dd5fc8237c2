// Workers KV throws on a key longer than 512 bytes, and the OAuth library builds keys from
// request input (a client_id, the parts of a bearer token). A key that long can never have been
// stored, so reading it is answered "not found" here: the request gets its ordinary refusal
// (invalid_client, invalid_token, an error page) instead of a 500. Writes are left alone.
const MAX_KEY_BYTES = 512;
const encoder = new TextEncoder();

function tooLong(key: unknown): boolean {
  return typeof key === 'string' && encoder.encode(key).byteLength > MAX_KEY_BYTES;
}

const wrapped = new WeakMap<KVNamespace, KVNamespace>();

export function kvWithKeyLimit(kv: KVNamespace): KVNamespace {
  const known = wrapped.get(kv);
  if (known) return known;
  const safe = new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'get' || prop === 'getWithMetadata') {
        return (key: unknown, ...rest: unknown[]) => {
          if (!tooLong(key)) return value.call(target, key, ...rest);
          return Promise.resolve(
            prop === 'get' ? null : { value: null, metadata: null, cacheStatus: null },
          );
        };
      }
      if (prop === 'list') {
        return (options?: KVNamespaceListOptions) =>
          tooLong(options?.prefix)
            ? Promise.resolve({ keys: [], list_complete: true, cacheStatus: null })
            : value.call(target, options);
      }
      if (prop === 'delete') {
        return (key: unknown) => (tooLong(key) ? Promise.resolve() : value.call(target, key));
      }
      return value.bind(target);
    },
  });
  wrapped.set(kv, safe);
  return safe;
}
