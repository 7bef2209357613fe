import { describe, expect, it } from '@jest/globals';
import { csvField, CsvParser, csvRecord, csvTextField, sniffDelimiter, stripFormulaGuard } from './csv';

describe('csvRecord', () => {
  it('quotes fields holding separators, quotes or line breaks, doubles quotes, and ends with CRLF', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe('a,"b,c","say ""hi""","two\nlines",\r\n');
  });

  it('puts an apostrophe before text a spreadsheet would run as a formula, and the reader takes it off', () => {
    for (const value of ['=1+1', '+86 138', '-5', '@cmd']) {
      expect(csvField(value)).toBe(`'${value}`);
      expect(stripFormulaGuard(csvField(value))).toBe(value);
    }
    expect(stripFormulaGuard("'quoted")).toBe("'quoted");
  });
});

describe('csvTextField', () => {
  it('writes an all-digit code as ="…" (kept as text by spreadsheets) and reads it back; other text as csvField does', () => {
    expect(csvTextField('913703030000000000')).toBe('"=""913703030000000000"""');
    expect(new CsvParser().push(`${csvTextField('913703030000000000')}\n`)[0].map(stripFormulaGuard)).toEqual(['913703030000000000']);
    expect(csvTextField('=HYPERLINK(1)')).toBe(csvField('=HYPERLINK(1)'));
    expect(stripFormulaGuard('="=1+1"')).toBe('="=1+1"');
  });
});

describe('CsvParser', () => {
  it('parses records fed in arbitrary pieces, with CRLF or LF, quoted fields and a last line without a break', () => {
    const text = 'a,"b,1"\r\n"c ""q""",\n"multi\r\nline",x';
    for (const size of [1, 2, 3, 5, 100]) {
      const parser = new CsvParser();
      const records: string[][] = [];
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
      records.push(...parser.end());
      expect(records).toEqual([
        ['a', 'b,1'],
        ['c "q"', ''],
        ['multi\r\nline', 'x'],
      ]);
    }
  });
});

describe('sniffDelimiter', () => {
  it('picks the separator the header uses most outside quotes', () => {
    expect(sniffDelimiter('a,b,c')).toBe(',');
    expect(sniffDelimiter('a;b;"c,d"')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
  });
});
