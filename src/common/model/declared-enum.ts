/** `in_progress` → `InProgress`: the member name a declared value gets. */
type Pascal<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<S>;

/** An enum-like object derived from a declaration list (`{ Open: 'open', InProgress: 'in_progress' }`), usable as a string enum is. */
export type DeclaredEnum<K extends string> = { readonly [V in K as Pascal<V>]: V };

export function declaredEnum<K extends string>(keys: readonly K[]): DeclaredEnum<K> {
  const pascal = (key: string) =>
    key
      .split('_')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('');
  return Object.freeze(Object.fromEntries(keys.map((key) => [pascal(key), key]))) as DeclaredEnum<K>;
}
