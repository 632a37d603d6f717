/**
 * What is derived once from an object that does not change (a compiled model, an assumptions
 * object), kept as long as the object is: keyed by its identity in a WeakMap, with the last hit
 * answered first (the saving game asks millions of times for the same one).
 */
export function perObject<K extends object, T>(derive: (key: K) => T): (key: K) => T {
  const cache = new WeakMap<K, T>();
  let lastKey: K | undefined;
  let lastValue: T | undefined;
  return (key) => {
    if (key !== lastKey) {
      let v = cache.get(key);
      if (v === undefined) {
        v = derive(key);
        cache.set(key, v);
      }
      lastKey = key;
      lastValue = v;
    }
    return lastValue as T;
  };
}
