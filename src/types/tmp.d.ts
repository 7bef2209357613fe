/** The part of the `tmp` package (exceljs's temporary files) the xlsx reader adjusts; the package ships no types. */
declare module 'tmp' {
  type FileCallback = (error: Error | null, path: string, fd: number | undefined, cleanup: () => void) => void;
  const tmp: { file(options: { discardDescriptor?: boolean } | FileCallback, callback?: FileCallback): void };
  export default tmp;
}
