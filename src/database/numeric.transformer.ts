import { ValueTransformer } from 'typeorm';

/** pg returns numeric as a string to keep precision; amounts here (万元, 亩) fit a double. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
