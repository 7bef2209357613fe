import { describe, expect, it } from '@jest/globals';
import { findControlCharacter, MultilineText } from './plain-text-fields';

class NoteDto {
  @MultilineText()
  body: string;

  title: string;
}

class ParentDto {
  notes: NoteDto[];
}

const note = (title: string, body: string) => Object.assign(new NoteDto(), { title, body });

describe('findControlCharacter', () => {
  it('names the first string holding a control character, with its path through objects and arrays', () => {
    const value = Object.assign(new ParentDto(), { notes: [note('ok', 'ok'), note('ok', 'a\u0000b')] });
    expect(findControlCharacter(value, '')).toMatchObject({ field: 'notes.1.body' });
    expect(findControlCharacter({ tags: ['a', 'b\u0007'] }, '')).toMatchObject({ field: 'tags.1' });
    expect(findControlCharacter('abc\u007f', 'id')).toMatchObject({ field: 'id' });
  });

  it('allows tab and line breaks only in properties marked multiline, also through a subclass', () => {
    class LongerNoteDto extends NoteDto {}
    expect(findControlCharacter(Object.assign(new LongerNoteDto(), { title: 'ok', body: 'one\n\ttwo\r\n' }), '')).toBeNull();
    expect(findControlCharacter(note('one\ntwo', 'ok'), '')).toMatchObject({ field: 'title' });
    expect(findControlCharacter({ body: 'one\ntwo' }, '')).toMatchObject({ field: 'body' });
  });

  it('checks property names and leaves numbers, dates and buffers alone', () => {
    expect(findControlCharacter({ ['a\u0000']: 1 }, '')).not.toBeNull();
    expect(findControlCharacter({ n: 1, at: new Date(), data: Buffer.from([0]) }, '')).toBeNull();
  });

  it('walks a deeply nested value without overflowing the stack', () => {
    let deep: Record<string, unknown> = { leaf: 'x\u0000' };
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(findControlCharacter(deep, '')?.field.endsWith('d.leaf')).toBe(true);
  });
});
