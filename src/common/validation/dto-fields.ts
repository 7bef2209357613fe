import { getMetadataStorage } from 'class-validator';

const cache = new WeakMap<object, readonly string[]>();

/** The properties a DTO class declares through class-validator (inherited ones included): what the whitelist lets through. */
export function dtoFieldNames(type: abstract new (...args: never[]) => unknown): readonly string[] {
  let names = cache.get(type);
  if (!names) {
    names = [
      ...new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(type, '', false, false)
          .map((metadata) => metadata.propertyName),
      ),
    ];
    cache.set(type, names);
  }
  return names;
}
