/** A tiny client for the local API in tests. */
export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export function client(base: string, user: string) {
  const call = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> => {
    const r = await fetch(base + path, {
      method,
      headers: {
        'x-sharesim-user': user,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    get: <T = Record<string, unknown>>(p: string, h?: Record<string, string>) => call<T>('GET', p, undefined, h),
    post: <T = Record<string, unknown>>(p: string, b?: unknown, h?: Record<string, string>) => call<T>('POST', p, b, h),
    put: <T = Record<string, unknown>>(p: string, b: unknown, h?: Record<string, string>) => call<T>('PUT', p, b, h),
    del: (p: string) => call('DELETE', p),
  };
}

export async function poll<T>(fn: () => Promise<T>, done: (x: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const x = await fn();
    if (done(x) || Date.now() > until) return x;
    await new Promise((r) => setTimeout(r, 100));
  }
}
