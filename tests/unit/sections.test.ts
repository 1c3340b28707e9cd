import { readSection, replaceSection } from '../../tools/sections';

describe('generated sections', () => {
  const base = 'type Query {\n  a: Int\n}\n';

  it('appends a block once, then replaces only its body', () => {
    const first = replaceSection(base, 'shared', 'enum E {\n  A\n}');
    expect(first.startsWith(base)).toBe(true);
    expect(readSection(first, 'shared')).toBe('enum E {\n  A\n}\n');
    const second = replaceSection(first, 'shared', 'enum E {\n  B\n}\n');
    expect(readSection(second, 'shared')).toBe('enum E {\n  B\n}\n');
    expect(second.match(/BEGIN generated: shared/g)).toHaveLength(1);
    expect(replaceSection(second, 'shared', 'enum E {\n  B\n}\n')).toBe(second);
  });

  it('keeps blocks of other names and the text around them', () => {
    const two = replaceSection(replaceSection(base, 'a', 'x'), 'b', 'y');
    const changed = replaceSection(two, 'a', 'z');
    expect(readSection(changed, 'a')).toBe('z\n');
    expect(readSection(changed, 'b')).toBe('y\n');
    expect(changed.startsWith(base)).toBe(true);
  });

  it('supports other comment markers and refuses a block without its end', () => {
    const md = replaceSection('# Title\n', 'errors', '| a |', '<!--');
    expect(readSection(md, 'errors', '<!--')).toBe('| a |\n');
    expect(readSection('x', 'none')).toBeNull();
    expect(() => replaceSection('# BEGIN generated: a (x)\nbody\n', 'a', 'y')).toThrow(
      /end marker/,
    );
  });
});
